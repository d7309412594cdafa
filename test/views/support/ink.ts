import type { render } from 'ink-testing-library';
import { expect } from 'vitest';

// Driving an ink app in tests: keys one at a time, and waiting for a frame.

/** Writes keys one at a time, letting ink re-render after each. */
export async function press(app: ReturnType<typeof render>, ...keys: string[]) {
  for (const key of keys) {
    app.stdin.write(key);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Waits (up to 3 s, for a busy machine) until the latest frame contains `text`. */
export async function frameWith(app: ReturnType<typeof render>, text: string | RegExp): Promise<string> {
  const deadline = Date.now() + 3000;
  for (;;) {
    const frame = app.lastFrame() ?? '';
    if (typeof text === 'string' ? frame.includes(text) : text.test(frame)) return frame;
    if (Date.now() > deadline) {
      expect(frame).toContain(String(text));
      return frame;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

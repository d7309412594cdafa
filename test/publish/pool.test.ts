import { describe, expect, it } from 'vitest';
import { runGrouped, runLanes } from '../../src/publish/pool.js';

const tick = () => new Promise((r) => setTimeout(r, 2));

describe('runGrouped', () => {
  it('runs at most `limit` per group, settles every task in input order', async () => {
    const active = new Map<string, number>();
    const peak = new Map<string, number>();
    const tasks = ['a1', 'b1', 'a2', 'a3', 'b2', 'a4', 'x'];
    const results = await runGrouped(tasks, (t) => t[0], 2, async (t) => {
      const g = t[0];
      active.set(g, (active.get(g) ?? 0) + 1);
      peak.set(g, Math.max(peak.get(g) ?? 0, active.get(g)!));
      await tick();
      active.set(g, active.get(g)! - 1);
      if (t === 'x') throw new Error('x failed');
      return t.toUpperCase();
    });
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['A1', 'B1', 'A2', 'A3', 'B2', 'A4', 'x failed']);
    expect(Object.fromEntries(peak)).toEqual({ a: 2, b: 2, x: 1 });
  });
});

describe('runLanes', () => {
  it('keeps each lane in order and one at a time, lanes in parallel up to the group limit', async () => {
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    const tasks = ['acct1:1', 'acct2:1', 'acct1:2', 'acct3:1', 'acct1:3', 'acct2:2'];
    const results = await runLanes(tasks, (t) => t.split(':')[0], () => 'bluesky', 2, async (t) => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      order.push(t);
      active--;
      if (t === 'acct1:2') throw new Error('failed');
      return t;
    });
    expect(peak).toBe(2);
    expect(order.filter((t) => t.startsWith('acct1'))).toEqual(['acct1:1', 'acct1:2', 'acct1:3']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
});

// Handles for platforms without an idempotency key (X, LinkedIn): a UUID stamped with the time
// it was chosen, so `lookup` knows how far back the post can be.
import { randomUUID } from 'node:crypto';

const TIMED = /^t([0-9a-z]+)-[0-9a-f-]{36}$/;

export function newTimedHandle(now: number = Date.now()): string {
  return `t${now.toString(36)}-${randomUUID()}`;
}

/** When the handle was chosen (epoch ms); undefined for handles of another shape. */
export function handleTime(handle: string): number | undefined {
  const m = TIMED.exec(handle);
  return m ? parseInt(m[1], 36) : undefined;
}

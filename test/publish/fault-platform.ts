// Platforms with injected faults for the fault-injection suite. One FaultPlatform per trial holds
// what became visible on each account; each publish run gets its own adapters with a fault plan
// (errors before or after the platform accepts, lookups that fail) and a crash switch: once the
// run has "crashed", every adapter call of that run hangs forever, so nothing after the crash
// point happens — as if the process had been killed there. Built on MemoryPlatform, which keeps
// posts by handle the way an idempotent platform (Bluesky record key, Mastodon
// Idempotency-Key) does; Slack is modelled as blind (lookup says 'unknown') and not idempotent
// (every accepted call is another visible message).
import type { PlatformId } from '../../src/calendar/model.js';
import { PlatformError, type Adapter, type OutgoingItem, type PostContext, type PostedItem } from '../../src/platforms/types.js';
import { MemoryPlatform } from './memory-adapter.js';

export type CallFault =
  | 'ok'
  /** HTTP 429 with a Retry-After the run sits through. */
  | '429'
  /** HTTP 429 asking to wait longer than a run waits: left to the next run. */
  | '429-long'
  /** HTTP 503 before the platform took the request. */
  | '503'
  /** HTTP 400: refused for good. */
  | 'invalid'
  /** "Already exists" without having posted (content-based duplicate detection). */
  | 'duplicate-before'
  /** Accepted, then HTTP 502 on the way back. */
  | '502-after'
  /** Accepted, then the connection timed out before the answer. */
  | 'timeout-after'
  /** Accepted, then a duplicate error (a retried request the platform had already taken). */
  | 'duplicate-after';

export const CALL_FAULTS: CallFault[] = ['ok', '429', '429-long', '503', 'invalid', 'duplicate-before', '502-after', 'timeout-after', 'duplicate-after'];

export interface RunFaults {
  /** The fault of the run's n-th platform call (post or lookup), 1-based via index n-1; 'ok' past the end. */
  calls: CallFault[];
  /** Crash at this call: before it is made, or right after the platform accepted it. */
  crash?: { call: number; after: boolean };
}

/** One accepted platform request that put something on an account. */
export interface Delivery {
  account: string;
  handle: string;
  id: string;
  text: string;
  /** Label of the run that sent it. */
  run: string;
  /** False when an idempotent platform recognised the handle and posted nothing new. */
  fresh: boolean;
}

const BLIND: ReadonlySet<PlatformId> = new Set(['slack', 'discord', 'webhook'] as PlatformId[]);
/** Platforms whose lookup compares text (Mastodon): an item no longer in the calendar cannot be asked about. */
const BY_TEXT: ReadonlySet<PlatformId> = new Set(['mastodon'] as PlatformId[]);

export class RunControl {
  calls = 0;
  inFlight = 0;
  crashed = false;
  private signal: () => void = () => undefined;
  /** Resolves when the run crashes. */
  readonly dead = new Promise<void>((r) => (this.signal = r));

  constructor(readonly label: string, readonly faults: RunFaults, readonly onDelivery: (d: Delivery) => void) {}

  crash(): Promise<never> {
    this.crashed = true;
    this.signal();
    return new Promise<never>(() => undefined);
  }

  /** Resolves once the run crashed and no request of it is still on the way. */
  async quiet(): Promise<void> {
    await this.dead;
    while (this.inFlight > 0) await new Promise((r) => setTimeout(r, 2));
  }
}

export class FaultPlatform {
  readonly memory = new MemoryPlatform();
  readonly deliveries: Delivery[] = [];

  adapter(account: string, platform: PlatformId, run: RunControl): Adapter {
    const base = this.memory.adapter(account, platform);
    const blind = BLIND.has(platform);
    const deliveries = this.deliveries;
    const memory = this.memory;
    const step = async (): Promise<CallFault> => {
      if (run.crashed) return run.crash();
      const n = ++run.calls;
      if (run.faults.crash?.call === n && !run.faults.crash.after) return run.crash();
      return run.faults.calls[n - 1] ?? 'ok';
    };
    return {
      ...base,
      async post(item: OutgoingItem, ctx: PostContext): Promise<PostedItem> {
        const fault = await step();
        const n = run.calls;
        switch (fault) {
          case '429':
            throw new PlatformError('rate-limit', 'HTTP 429 — rate limit exceeded', { status: 429, retryAfterMs: 1_500 });
          case '429-long':
            throw new PlatformError('rate-limit', 'HTTP 429 — rate limit exceeded', { status: 429, retryAfterMs: 15 * 60_000 });
          case '503':
            throw new PlatformError('transient', 'HTTP 503 — service unavailable', { status: 503 });
          case 'invalid':
            throw new PlatformError('invalid', 'HTTP 400 — the request was refused', { status: 400 });
          case 'duplicate-before':
            throw new PlatformError('duplicate', 'HTTP 409 — looks like a duplicate', { status: 409 });
        }
        run.inFlight++;
        let posted: PostedItem;
        try {
          const before = memory.sent.length;
          posted = await base.post(item, ctx);
          const fresh = blind || memory.sent.length > before;
          const d = { account, handle: ctx.handle, id: posted.id, text: item.text, run: run.label, fresh };
          deliveries.push(d);
          run.onDelivery(d);
        } finally {
          run.inFlight--;
        }
        if (run.faults.crash?.call === n && run.faults.crash.after) return run.crash();
        switch (fault) {
          case '502-after':
            throw new PlatformError('transient', 'HTTP 502 — bad gateway', { status: 502 });
          case 'timeout-after':
            throw new PlatformError('transient', 'the request timed out after 30 s');
          case 'duplicate-after':
            throw new PlatformError('duplicate', 'HTTP 409 — a record with this key already exists', { status: 409 });
        }
        return posted;
      },
      async lookup(handle: string, item?: OutgoingItem) {
        const fault = await step();
        if (fault === '503' || fault === '502-after' || fault === 'timeout-after') throw new PlatformError('transient', 'HTTP 503 — service unavailable', { status: 503 });
        if (fault === '429' || fault === '429-long') throw new PlatformError('rate-limit', 'HTTP 429 — rate limit exceeded', { status: 429, retryAfterMs: fault === '429' ? 1_500 : 15 * 60_000 });
        const n = run.calls;
        const found = blind || (!item && BY_TEXT.has(platform)) ? 'unknown' : await base.lookup(handle, item);
        if (run.faults.crash?.call === n && run.faults.crash.after) return run.crash();
        return found;
      },
    };
  }
}

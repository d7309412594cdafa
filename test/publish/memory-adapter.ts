// An in-memory platform for engine tests: remembers what was posted under which handle, and
// fails on cue — before accepting (a refusal) or after (the answer is lost).
import type { PlatformId } from '../../src/calendar/model.js';
import { LIMITS } from '../../src/platforms/limits.js';
import type { Adapter, OutgoingItem, PostContext, PostedItem } from '../../src/platforms/types.js';

export interface Sent {
  account: string;
  handle: string;
  text: string;
  replyTo?: string;
  root?: string;
}

export type Cue =
  /** Refuse without posting. */
  | { before: Error }
  /** Post, then lose the answer. */
  | { after: Error }
  /** Post, then never answer (the run is killed while waiting). */
  | { hang: true };

export class MemoryPlatform {
  readonly sent: Sent[] = [];
  /** Cues for any account, in order. */
  readonly cues: Cue[] = [];
  /** Cues for one account, used before the shared ones. */
  readonly accountCues = new Map<string, Cue[]>();
  /** Called with each request before it is handled. */
  onPost?: (item: OutgoingItem, ctx: PostContext) => Promise<void> | void;
  active = 0;
  maxActive = 0;
  private n = 0;

  constructor(readonly canLookup: boolean = true) {}

  adapter(account: string, platform: PlatformId = 'bluesky'): Adapter {
    const self = this;
    return {
      platform,
      account,
      limits: async () => LIMITS[platform],
      newHandle: () => `h${++self.n}-${Math.random().toString(36).slice(2, 8)}`,
      async post(item, ctx) {
        self.active++;
        self.maxActive = Math.max(self.maxActive, self.active);
        try {
          await self.onPost?.(item, ctx);
          await new Promise((r) => setTimeout(r, 5));
          const cue = self.accountCues.get(account)?.shift() ?? self.cues.shift();
          if (cue && 'before' in cue) throw cue.before;
          const existing = self.sent.find((s) => s.account === account && s.handle === ctx.handle);
          const posted = existing ? self.posted(existing) : self.record({ account, handle: ctx.handle, text: item.text, replyTo: ctx.replyTo?.id, root: ctx.root?.id });
          if (cue && 'after' in cue) throw cue.after;
          if (cue && 'hang' in cue) await new Promise(() => undefined);
          return posted;
        } finally {
          self.active--;
        }
      },
      async lookup(handle) {
        if (!self.canLookup) return 'unknown';
        const found = self.sent.find((s) => s.account === account && s.handle === handle);
        return found ? self.posted(found) : null;
      },
      verify: async () => ({ ok: true, detail: 'memory' }),
    };
  }

  texts(account?: string): string[] {
    return this.sent.filter((s) => !account || s.account === account).map((s) => s.text);
  }

  private record(s: Sent): PostedItem {
    this.sent.push(s);
    return this.posted(s);
  }

  private posted(s: Sent): PostedItem {
    return { id: `id-${s.account}-${s.handle}`, url: `https://memory.test/${s.account}/${s.handle}` };
  }
}

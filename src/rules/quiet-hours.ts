import { z } from 'zod';
import { channelAt, channelPath } from '../calendar/stagger.js';
import type { FieldPath } from '../calendar/model.js';
import { isValidZone, wallParts } from '../calendar/time.js';
import { clockTime, formatClock, minutesOf, own, unknownAccounts } from './text.js';
import type { RuleContext, RuleMeta } from './types.js';

const zone = z.string().refine(isValidZone, { message: 'not an IANA time zone (e.g. America/New_York)' });
const window = z.strictObject({
  from: clockTime,
  to: clockTime,
  /** Zone of the window; the calendar's zone when absent. */
  timezone: zone.optional(),
});
const options = z.strictObject({
  from: clockTime.default('22:00'),
  to: clockTime.default('07:00'),
  timezone: zone.optional(),
  /** Per account: its own window, or `off`. */
  accounts: z.record(z.string(), z.union([z.literal('off'), window])).default({}),
});

export const meta: RuleMeta<typeof options> = {
  id: 'quiet-hours',
  description: 'No posts during quiet hours (default 22:00–07:00 in the calendar\'s zone), per account if needed.',
  severity: 'warn',
  scope: 'post',
  options,
  reach: () => 0,
  messages: {
    quiet: 'at {{time}} ({{zone}}), inside quiet hours {{from}}–{{to}} for {{accounts}}',
  },
  hints: {
    quiet: 'move the post into the day, or set rules.quiet-hours.accounts.<name> for an account with another audience',
  },
  checkConfig: (opts, config) => unknownAccounts(opts.accounts, config),
  docs: {
    bad: `at: 2027-01-12 23:30`,
    good: `at: 2027-01-12 09:30`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  const calendarZone = ctx.calendar.config.timezone;
  const fallback = { from: ctx.options.from, to: ctx.options.to, timezone: ctx.options.timezone };
  // Each account's window, worked out once: undefined when it has none (off, or from = to).
  const windows = new Map<string, { zone: string; from: number; to: number } | undefined>();
  const windowOf = (account: string) => {
    if (windows.has(account)) return windows.get(account);
    const setting = own(ctx.options.accounts, account) ?? fallback;
    const from = setting === 'off' ? 0 : minutesOf(setting.from);
    const to = setting === 'off' ? 0 : minutesOf(setting.to);
    const window = setting === 'off' || from === to ? undefined : { zone: setting.timezone ?? calendarZone, from, to };
    windows.set(account, window);
    return window;
  };
  for (const post of ctx.calendar.posts) {
    if (post.status === 'idea') continue;
    // Accounts that share a window and a time are reported together (a stagger gives them their own times).
    let hits: Map<string, { time: number; zone: string; from: number; to: number; accounts: string[]; path: FieldPath }> | undefined;
    for (const account of post.channels) {
      const window = windowOf(account);
      if (!window) continue;
      const { zone, from, to } = window;
      const p = zone === calendarZone ? ctx.local(post, account) : wallParts(channelAt(post, account), zone);
      const time = p.hour * 60 + p.minute;
      const inside = from < to ? time >= from && time < to : time >= from || time < to;
      if (!inside) continue;
      const path = channelPath(post, account);
      const key = `${zone} ${from} ${to} ${time} ${path.join('.')}`;
      hits ??= new Map();
      const hit = hits.get(key);
      if (hit) hit.accounts.push(account);
      else hits.set(key, { time, zone, from, to, accounts: [account], path });
    }
    for (const h of hits?.values() ?? []) {
      ctx.report({
        post,
        path: h.path,
        messageId: 'quiet',
        data: { time: formatClock(h.time), zone: h.zone, from: formatClock(h.from), to: formatClock(h.to), accounts: h.accounts.join(', ') },
      });
    }
  }
}

import type { Queue, Slot } from '../calendar/model.js';
import { parseWallTime, wallParts } from '../calendar/time.js';

// A queue's slots as instants, in time order, from a start to a horizon. Slot times are wall
// times in the queue's zone: one that falls in a daylight-saving gap does not happen that day;
// one that happens twice (clocks going back) is taken at its first occurrence.

export interface SlotTime {
  at: Date;
  /** The slot entries (of the queue's `slots`) that have this time. */
  slots: Slot[];
}

const DAY_MS = 86_400_000;

/** Lazily lists a queue's slot times in [from, until); `get(i)` extends the list as needed. */
export class SlotTimes {
  private readonly times: SlotTime[] = [];
  private day: number;
  private readonly lastDay: number;

  constructor(
    private readonly queue: Queue,
    private readonly from: Date,
    private readonly until: Date,
  ) {
    const p = wallParts(from, queue.timezone);
    this.day = Date.UTC(p.year, p.month - 1, p.day);
    const q = wallParts(until, queue.timezone);
    this.lastDay = Date.UTC(q.year, q.month - 1, q.day);
  }

  /** The i-th slot time, or undefined past the horizon. */
  get(i: number): SlotTime | undefined {
    while (this.times.length <= i && this.day <= this.lastDay) this.addDay();
    return this.times[i];
  }

  private addDay(): void {
    const date = new Date(this.day);
    this.day += DAY_MS;
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    const byMinute = new Map<number, Slot[]>();
    for (const slot of this.queue.slots) {
      if (!slot.days.includes(weekday)) continue;
      for (const minute of slot.times) {
        const list = byMinute.get(minute);
        if (list) list.push(slot);
        else byMinute.set(minute, [slot]);
      }
    }
    const key = date.toISOString().slice(0, 10);
    for (const minute of [...byMinute.keys()].sort((a, b) => a - b)) {
      const at = slotInstant(`${key} ${clock(minute)}`, this.queue.timezone);
      if (!at || at < this.from || at >= this.until) continue;
      this.times.push({ at, slots: byMinute.get(minute)! });
    }
  }
}

/** The instant of a wall time, the first one when it happens twice; undefined inside a gap. */
export function slotInstant(wall: string, zone: string): Date | undefined {
  const r = parseWallTime(wall, zone);
  if (r.ok) return r.instant;
  if (r.reason === 'ambiguous') {
    const first = parseWallTime(r.first, zone);
    return first.ok ? first.instant : undefined;
  }
  return undefined;
}

export function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

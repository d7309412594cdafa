// Spike detection on a query's hourly counts, against the query's own baseline. Pure.
//
// Volume: the current hour's count against the mean of the baseline hours. It is a spike when
// the count reaches all of: `min`, `factor` × mean, and mean + `deviations` × √mean (counts of
// independent mentions are roughly Poisson, whose standard deviation is √mean).
// Velocity: the rise over the previous hour against the baseline's mean absolute hour-to-hour
// change. It is a spike when the rise reaches both `min` and `velocity` × that change.
// `min` keeps a quiet query (mean near 0) from alerting on its first mentions.
import type { SpikeSettings } from '../calendar/model.js';

export interface SpikeVerdict {
  spike: boolean;
  /** Which tests fired. */
  kinds: ('volume' | 'velocity')[];
  /** Mentions in the current hour so far. */
  count: number;
  /** Baseline hourly mean. */
  mean: number;
  volumeThreshold: number;
  /** Current minus previous hour. */
  rise: number;
  velocityThreshold: number;
}

/**
 * `baseline`: hourly counts of the hours before the current one, oldest first (the last is the
 * previous hour). `count`: the current hour so far; a partial hour only ever grows, so a spike
 * seen early is real, and runs every 15 minutes see it within a quarter hour.
 */
export function detectSpike(baseline: number[], count: number, s: SpikeSettings): SpikeVerdict {
  const mean = baseline.length ? sum(baseline) / baseline.length : 0;
  const volumeThreshold = Math.max(s.min, s.factor * mean, mean + s.deviations * Math.sqrt(mean));
  const changes = baseline.slice(1).map((c, i) => Math.abs(c - baseline[i]));
  const typicalChange = changes.length ? sum(changes) / changes.length : 0;
  const velocityThreshold = Math.max(s.min, s.velocity * typicalChange);
  const rise = count - (baseline.at(-1) ?? 0);
  const kinds: SpikeVerdict['kinds'] = [];
  if (count >= volumeThreshold) kinds.push('volume');
  if (rise >= velocityThreshold) kinds.push('velocity');
  return { spike: kinds.length > 0, kinds, count, mean: round(mean), volumeThreshold: round(volumeThreshold), rise, velocityThreshold: round(velocityThreshold) };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

// Spike detection on synthetic hourly series; every expected number below is worked out by hand
// in the comment next to it (DEFAULT_SPIKE: min 5, factor 3, deviations 4, velocity 4).
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPIKE } from '../../src/listen/config.js';
import { detectSpike } from '../../src/listen/spike.js';

const WEEK = 168;
const repeat = (pattern: number[], n: number) => Array.from({ length: n }, (_, i) => pattern[i % pattern.length]);

describe('detectSpike', () => {
  it('steady chatter around 10 an hour does not alert', () => {
    // Pattern 8,12,10,9,11,10 → mean 10. Volume threshold max(5, 3·10, 10 + 4·√10 = 22.65) = 30.
    // Changes per cycle 4,2,1,2,1,2; 167 changes = 27 cycles (324) + 4,2,1,2,1 (10) → 334/167 = 2;
    // velocity threshold max(5, 4·2) = 8. The previous hour (index 167 → pattern[5]) is 10.
    const baseline = repeat([8, 12, 10, 9, 11, 10], WEEK);
    const v = detectSpike(baseline, 16, DEFAULT_SPIKE);
    expect(v).toMatchObject({ spike: false, kinds: [], mean: 10, volumeThreshold: 30, velocityThreshold: 8, rise: 6 });
    // 18 is a rise of 8: two busy hours' worth more than the noise ever moved.
    expect(detectSpike(baseline, 18, DEFAULT_SPIKE).kinds).toEqual(['velocity']);
  });

  it('slow growth over a week does not alert', () => {
    // 1 an hour on day one, up by one each day to 7 → mean (1+…+7)·24/168 = 4.
    // Volume threshold max(5, 12, 4 + 4·2 = 12) = 12; six changes of 1 in 167 → velocity threshold 5.
    const baseline = Array.from({ length: WEEK }, (_, i) => Math.floor(i / 24) + 1);
    const v = detectSpike(baseline, 8, DEFAULT_SPIKE);
    expect(v).toMatchObject({ spike: false, mean: 4, volumeThreshold: 12, velocityThreshold: 5, rise: 1 });
  });

  it('a sudden burst alerts on volume and velocity', () => {
    // A steady 2 an hour: threshold max(5, 6, 2 + 4·√2 = 7.66) = 7.66; no change → velocity threshold 5.
    const baseline = repeat([2], WEEK);
    const v = detectSpike(baseline, 25, DEFAULT_SPIKE);
    expect(v).toMatchObject({ spike: true, kinds: ['volume', 'velocity'], mean: 2, volumeThreshold: 7.66, rise: 23, velocityThreshold: 5 });
    // Early in the hour, 4 mentions so far: not yet.
    expect(detectSpike(baseline, 4, DEFAULT_SPIKE).spike).toBe(false);
  });

  it('a quiet query does not alert on its first mentions ever', () => {
    const baseline = repeat([0], WEEK);
    for (const count of [1, 2, 3, 4]) expect(detectSpike(baseline, count, DEFAULT_SPIKE).spike).toBe(false);
    // With no history at all the floor is still `min`.
    expect(detectSpike([], 2, DEFAULT_SPIKE)).toMatchObject({ spike: false, mean: 0, volumeThreshold: 5, velocityThreshold: 5 });
    // Five at once from silence is a spike: min is the knob to raise for noisier queries.
    expect(detectSpike(baseline, 5, DEFAULT_SPIKE).kinds).toEqual(['volume', 'velocity']);
    expect(detectSpike(baseline, 5, { ...DEFAULT_SPIKE, min: 10 }).spike).toBe(false);
  });

  it('a busy query needs a larger burst than a quiet one', () => {
    // Mean 40: volume threshold max(5, 120, 40 + 4·6.32 = 65.3) = 120.
    const v = detectSpike(repeat([40], WEEK), 100, DEFAULT_SPIKE);
    expect(v.volumeThreshold).toBe(120);
    expect(v.kinds).toEqual(['velocity']); // a rise of 60 with no hour-to-hour change before
    expect(detectSpike(repeat([30, 50], WEEK), 100, DEFAULT_SPIKE)).toMatchObject({ spike: false, velocityThreshold: 80, rise: 50 });
  });
});

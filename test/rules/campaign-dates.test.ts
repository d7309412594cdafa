import { describe } from 'vitest';
import { ruleTester } from './support.js';

const files = { 'campaigns/launch.yaml': 'name: Launch\nstarts: 2027-01-04\nends: 2027-01-22\n', 'campaigns/open.yaml': 'name: Open\n' };
const p = (at: string, campaign = 'launch', extra = '') => `at: ${at}\nchannels: [bluesky]\ncampaign: ${campaign}\ntext: Hi\n${extra}`;

describe('campaign-dates', () => {
  ruleTester('campaign-dates', {
    valid: [
      { name: 'inside', files, post: p('2027-01-10 10:00') },
      { name: 'on the first morning', files, post: p('2027-01-04 00:00') },
      { name: 'late on the last day (ends is the whole day)', files, post: p('2027-01-22 23:59') },
      { name: 'a campaign without dates', files, post: p('2030-01-01 10:00', 'open') },
      { name: 'an idea', files, post: p('2027-03-01 10:00', 'launch', 'status: idea\n') },
    ],
    invalid: [
      { name: 'before', files, post: p('2027-01-03 23:00'), errors: [{ messageId: 'beforeStart', data: { campaign: 'launch', starts: '2027-01-04' }, path: 'at', line: 1 }] },
      { name: 'after', files, post: p('2027-01-23 00:00'), errors: [{ messageId: 'afterEnd', data: { campaign: 'launch', ends: '2027-01-22' }, path: 'at', line: 1 }] },
    ],
  });
});

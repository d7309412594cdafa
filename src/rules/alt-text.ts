import { z } from 'zod';
import { countGraphemes, LIMITS } from '../platforms/limits.js';
import { eachWrittenItem } from './items.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

export const meta: RuleMeta<typeof options> = {
  id: 'alt-text',
  description: 'Every image has alt text, within each platform\'s alt-text limit.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    missing: '{{file}} has no alt text',
    tooLong: 'alt text of {{file}} is {{length}} characters; {{platform}} takes at most {{max}}',
  },
  hints: {
    missing: 'add `alt:` describing the image for people who cannot see it',
    tooLong: 'shorten the description',
  },
  docs: {
    bad: `media:\n  - file: media/team.png`,
    good: `media:\n  - file: media/team.png\n    alt: Eight people in Acme hoodies waving at the camera.`,
  },
};

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  eachWrittenItem(ctx, (post, item, platform) => {
    const { altMax } = LIMITS[platform];
    item.media.forEach((m, i) => {
      const alt = m.alt?.trim() ?? '';
      if (alt === '') {
        ctx.report({ post, path: [...item.mediaPath, i], messageId: 'missing', data: { file: m.file } });
        return;
      }
      // altMax 0: the platform has no alt text and drops it, so there is nothing to exceed.
      if (altMax === 0 || alt.length <= altMax) return;
      const length = countGraphemes(alt);
      if (length > altMax) {
        ctx.report({ post, path: [...item.mediaPath, i, 'alt'], messageId: 'tooLong', data: { file: m.file, length, max: altMax, platform } });
      }
    });
  });
}

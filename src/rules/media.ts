import { z } from 'zod';
import { LIMITS, mimeOf } from '../platforms/limits.js';
import { eachWrittenItem } from './items.js';
import type { RuleContext, RuleMeta } from './types.js';

const options = z.strictObject({});

export const meta: RuleMeta<typeof options> = {
  id: 'media',
  description: 'Media count, file type and size are within each platform\'s limits.',
  severity: 'error',
  scope: 'post',
  options,
  messages: {
    tooMany: '{{count}} media files; {{platform}} takes at most {{max}}',
    type: '{{file}} ({{type}}) cannot be posted to {{platform}}',
    tooLarge: '{{file}} is {{size}} MB; {{platform}} takes images up to {{max}} MB',
  },
  hints: {
    tooMany: 'remove some, or move them to a thread item',
    type: '{{platform}} takes: {{allowed}}; convert the file or give {{platform}} other media under overrides',
    tooLarge: 'compress or resize the image',
  },
  docs: {
    bad: `channels: [instagram]\nmedia:\n  - file: media/diagram.png   # Instagram takes JPEG only\n    alt: Build pipeline diagram`,
    good: `channels: [instagram]\nmedia:\n  - file: media/diagram.jpg\n    alt: Build pipeline diagram`,
  },
};

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

export function check(ctx: RuleContext<z.output<typeof options>>): void {
  eachWrittenItem(ctx, (post, item, platform) => {
    const limits = LIMITS[platform];
    if (item.media.length > limits.maxMedia) {
      ctx.report({ post, path: item.mediaPath, messageId: 'tooMany', data: { count: item.media.length, max: limits.maxMedia, platform } });
    }
    item.media.forEach((m, i) => {
      const path = () => [...item.mediaPath, i, 'file'];
      const type = mimeOf(m.file);
      if (!type || !limits.mediaTypes.includes(type)) {
        ctx.report({
          post,
          path: path(),
          messageId: 'type',
          data: { file: m.file, type: type ?? 'unknown type', platform, allowed: limits.mediaTypes.join(', ') },
        });
      } else if (m.size !== undefined && m.size > limits.maxImageBytes) {
        ctx.report({ post, path: path(), messageId: 'tooLarge', data: { file: m.file, size: mb(m.size), max: mb(limits.maxImageBytes), platform } });
      }
    });
  });
}

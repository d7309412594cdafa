import type { Freeze } from '../calendar/model.js';

// The one line every command prints for an active freeze.

export function freezeLine(f: Pick<Freeze, 'reason' | 'tags' | 'by'>, opts: { by?: boolean } = {}): string {
  const by = opts.by && f.by ? ` (${f.by})` : '';
  return `❄ publishing is frozen${f.tags ? ` for tags ${f.tags.join(', ')}` : ''}: ${f.reason}${by}`;
}

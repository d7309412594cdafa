// Calendar files from memory, for the pure plan tests.
import type { CalendarFiles } from '../../src/calendar/files.js';

export function memoryFiles(files: Record<string, string>, media: Record<string, number> = {}): CalendarFiles {
  const kind = (path: string) => (path === 'socialcal.yaml' ? 'config' : path.startsWith('campaigns/') ? 'campaign' : 'post') as 'config' | 'campaign' | 'post';
  return {
    root: '/calendar',
    files: Object.keys(files)
      .sort()
      .map((path) => ({ path, kind: kind(path), bytes: new TextEncoder().encode(files[path]) })),
    media: (path) => (path in media ? { exists: true, size: media[path] } : { exists: false }),
  };
}

// The floor for `check`: read and parse the same files with the same YAML library, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';

// More folders after the root (e.g. a metrics history for `report`) are read the same way.
const root = process.argv[2];
const extra = process.argv.slice(3);
let count = 0;
for (const dir of ['socialcal.yaml', 'campaigns', 'posts', ...extra]) {
  const base = extra.includes(dir) ? '' : root;
  const files = dir.endsWith('.yaml') ? [dir] : readdirSync(join(base, dir), { recursive: true }).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
  for (const file of files) {
    const text = readFileSync(join(base, file), 'utf8');
    parseDocument(text, { lineCounter: new LineCounter(), version: '1.2' }).toJS();
    count++;
  }
}
process.on('exit', () => process.stderr.write(`\n@@rss ${process.resourceUsage().maxRSS}\n@@files ${count}\n`));

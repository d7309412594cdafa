// The floor for `check`: read and parse the same files with the same YAML library, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';

const root = process.argv[2];
let count = 0;
for (const dir of ['socialcal.yaml', 'campaigns', 'posts']) {
  const files = dir.endsWith('.yaml') ? [dir] : readdirSync(join(root, dir), { recursive: true }).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    parseDocument(text, { lineCounter: new LineCounter(), version: '1.2' }).toJS();
    count++;
  }
}
process.on('exit', () => process.stderr.write(`\n@@rss ${process.resourceUsage().maxRSS}\n@@files ${count}\n`));

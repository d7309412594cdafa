// The floor for `check`: read and parse the same files with the yaml library, nothing else.
// `--js-yaml` first: parse with js-yaml instead (the parser socialcal reads most files with since
// it became the fast path; src/calendar/yaml-fast.ts), for the second ratio the benchmark prints.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import { load, CORE_SCHEMA } from 'js-yaml';

const fast = process.argv[2] === '--js-yaml';
const args = process.argv.slice(fast ? 3 : 2);
// More folders after the root (e.g. a metrics history for `report`) are read the same way.
const root = args[0];
const extra = args.slice(1);
let count = 0;
for (const dir of ['socialcal.yaml', 'campaigns', 'posts', ...extra]) {
  const base = extra.includes(dir) ? '' : root;
  const files = dir.endsWith('.yaml') ? [dir] : readdirSync(join(base, dir), { recursive: true }).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
  for (const file of files) {
    const text = readFileSync(join(base, file), 'utf8');
    if (fast) load(text, { schema: CORE_SCHEMA });
    else parseDocument(text, { lineCounter: new LineCounter(), version: '1.2' }).toJS();
    count++;
  }
}
process.on('exit', () => process.stderr.write(`\n@@rss ${process.resourceUsage().maxRSS}\n@@files ${count}\n`));

// What loading the Bluesky adapter costs a publish run (issue 17): its facet detector only, not
// @atproto/api's index, whose lexicon client (about 500 modules, 0.3–0.6 s) blocked the run
// while its git calls finished. Reads the built code (`npm test` builds first).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ADAPTER = join(import.meta.dirname, '../../dist/platforms/bluesky.js');

describe('the Bluesky adapter module', () => {
  it('loads the facet detector of @atproto/api and nothing else of it', () => {
    const script = `import(${JSON.stringify(ADAPTER)}).then(() => console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes('@atproto')).map((k) => k.replace(/^.*node_modules[\\\\/]/, '').replaceAll('\\\\', '/')))))`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).sort()).toEqual(['@atproto/api/dist/rich-text/detection.js', '@atproto/api/dist/rich-text/util.js']);
  });
});

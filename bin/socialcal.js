#!/usr/bin/env node
// The Node check runs before the CLI is loaded: on an older Node the built code may not even
// parse, and grapheme counting is pathologically slow before Node 22.
const MIN_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_MAJOR) {
  process.stderr.write(
    `socialcal: needs Node.js ${MIN_MAJOR} or later; this is Node ${process.versions.node} (${process.execPath})\n` +
      `  hint: install Node ${MIN_MAJOR}+ (e.g. nvm install ${MIN_MAJOR}), or use actions/setup-node with node-version: 24 in CI\n`,
  );
  process.exitCode = 2;
} else if (process.argv.length === 3 && (process.argv[2] === '--version' || process.argv[2] === '-V')) {
  // Answered before the CLI loads (commander and the command table): `--version` is what scripts
  // and CI logs ask most, and should cost no more than starting node. Same output as commander's.
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // V8's compiled code of socialcal and its dependencies is kept in Node's compile cache (in the
  // temp folder, as npm does), so later runs skip compiling them; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  const { enableCompileCache } = await import('node:module');
  enableCompileCache?.();
  // The bundle (dist/bundle, see scripts/bundle.js) loads ~90 files instead of ~700 modules;
  // without it (esbuild was not installed) the same code runs from dist/.
  const { existsSync } = await import('node:fs');
  await import(existsSync(new URL('../dist/bundle/main.js', import.meta.url)) ? '../dist/bundle/main.js' : '../dist/main.js');
}

// Bundles the built CLI (dist/, from tsc) into dist/bundle/: one module for the command line and
// one chunk per command's code, so a run loads a handful of files instead of ~700 modules (its
// own ~200 and zod's, yaml's and commander's). Start-up was a third of a cold `check` on 10,000
// posts. Packages outside BUNDLED stay external: they are large and used by few commands (the
// platforms' SDKs, the terminal UI, the browser driver) or carry files of their own.
// bin/socialcal.js runs dist/main.js when there is no bundle (esbuild missing at install).
// twitter-text (with core-js, ~100 CommonJS modules, 150 ms to require) is bundled on its own into
// dist/bundle/twitter-text.cjs (30 ms), still loaded only when an X or Mastodon text is counted
// (src/platforms/twitter.ts).
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLED = /^(?:zod|yaml|js-yaml|commander|chalk|date-fns|date-fns-tz|re2js|simple-git|@kwsites\/[^/]+|@simple-git\/[^/]+|debug|ms|argparse)(?:\/|$)/;

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('socialcal: esbuild is not installed; the CLI runs unbundled from dist/ (slower start-up)\n');
  process.exit(0);
}

const out = join(root, 'dist', 'bundle');
rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(root, 'dist', 'main.js')],
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  // The bundle sits as deep below the package as dist/*.js does: paths from import.meta.url
  // (assets/serve, package.json) resolve alike from both.
  chunkNames: 'chunk-[hash]',
  // CommonJS packages in the bundle call require() for Node's modules.
  banner: { js: "import { createRequire as __socialcalRequire } from 'node:module'; const require = __socialcalRequire(import.meta.url);" },
  plugins: [
    {
      name: 'external-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./#]/ }, (args) => (args.path.startsWith('node:') || !BUNDLED.test(args.path) ? { path: args.path, external: true } : undefined));
      },
    },
  ],
});

// Its `punycode` is the npm package (Node's own module of that name is deprecated and warns
// outside node_modules).
await esbuild.build({
  entryPoints: ['twitter-text'],
  outfile: join(out, 'twitter-text.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  logLevel: 'warning',
  alias: { punycode: 'punycode/' },
});

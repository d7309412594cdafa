import { createRequire } from 'node:module';

/**
 * This package's version, from its package.json: one level up from dist/version.js, two from
 * the bundle's chunks in dist/bundle/.
 */
export function ownVersion(): string {
  const require = createRequire(import.meta.url);
  for (const path of ['../package.json', '../../package.json']) {
    try {
      const pkg = require(path) as { name?: string; version: string };
      if (pkg.name === 'socialcal') return pkg.version;
    } catch {
      // not there: the other level
    }
  }
  throw new Error('socialcal: its package.json is missing');
}

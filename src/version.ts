import { createRequire } from 'node:module';

/** This package's version, from its package.json (dist/version.js sits one level below it). */
export function ownVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../package.json') as { version: string }).version;
}

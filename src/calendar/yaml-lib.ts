import { createRequire } from 'node:module';

// The yaml library, loaded on first use: about seventy modules that a warm run, whose files all
// come from the cache, never needs. Types are imported from 'yaml' as usual (`import type`).

let loaded: typeof import('yaml') | undefined;

export function yamlLib(): typeof import('yaml') {
  return (loaded ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

import { createRequire } from 'node:module';
import type twitter from 'twitter-text';

// twitter-text, loaded on first use: with core-js it is about a hundred modules, and most runs
// (a warm `check`, `ls`, `calendar`) count no X or Mastodon text at all. The build bundles it into
// one file, dist/bundle/twitter-text.cjs (scripts/bundle.js): the same path from dist/platforms/
// and from the bundle's chunks in dist/bundle/. Without it, the package itself.

let loaded: typeof twitter | undefined;

export function twitterText(): typeof twitter {
  return (loaded ??= load());
}

function load(): typeof twitter {
  const require = createRequire(import.meta.url);
  try {
    return require('../bundle/twitter-text.cjs') as typeof twitter;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    return require('twitter-text') as typeof twitter;
  }
}

import { createRequire } from 'node:module';
import type twitter from 'twitter-text';

// twitter-text, loaded on first use: with core-js it is about a hundred modules, and most runs
// (a warm `check`, `ls`, `calendar`) count no X or Mastodon text at all.

let loaded: typeof twitter | undefined;

export function twitterText(): typeof twitter {
  return (loaded ??= createRequire(import.meta.url)('twitter-text') as typeof twitter);
}

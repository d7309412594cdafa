import { describe, expect, it } from 'vitest';
import { didYouMean } from '../../src/calendar/problems.js';

describe('didYouMean', () => {
  it('counts two neighbouring letters swapped as one typo', () => {
    expect(didYouMean('txet', ['text', 'date'])).toBe('text');
    expect(didYouMean('blgo', ['blog', 'news'])).toBe('blog');
    expect(didYouMean('mastodn', ['mastodon', 'bluesky'])).toBe('mastodon');
  });

  it('suggests nothing for a different word', () => {
    expect(didYouMean('abcd', ['text', 'date'])).toBeUndefined();
    expect(didYouMean('tetx', ['date'])).toBeUndefined();
  });
});

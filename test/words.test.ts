import { describe, expect, it } from 'vitest';
import { plural } from '../src/words.js';

describe('plural', () => {
  it.each([
    [0, 'post', undefined, '0 posts'],
    [1, 'post', undefined, '1 post'],
    [2, 'post', undefined, '2 posts'],
    [1, 'reply', 'replies', '1 reply'],
    [3, 'reply', 'replies', '3 replies'],
  ] as const)('%d %s', (n, word, other, expected) => {
    expect(plural(n, word, other)).toBe(expected);
  });
});

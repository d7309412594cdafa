// Small English helpers shared by every layer that writes words for people.

/** `1 post`, `2 posts`; `other` for words that do not just take an s. */
export function plural(n: number, word: string, other = `${word}s`): string {
  return `${n} ${n === 1 ? word : other}`;
}

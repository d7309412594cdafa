import { diffLines } from 'diff';

// An edited text as a before/after diff, line by line: `-` the old lines, `+` the new, ` ` kept.

export interface DiffLine {
  sign: '-' | '+' | ' ';
  text: string;
}

export function textDiff(before: string, after: string): DiffLine[] {
  const lines = (s: string) => s.replace(/\n$/, '').split('\n');
  return diffLines(before.endsWith('\n') ? before : before + '\n', after.endsWith('\n') ? after : after + '\n').flatMap((c) =>
    lines(c.value).map((text) => ({ sign: c.added ? '+' : c.removed ? '-' : ' ', text }) as DiffLine),
  );
}

// Git's rules for branch names (`git check-ref-format --branch`, see git-check-ref-format(1)),
// as a pure function so `check` can refuse a bad ledger branch before git ever sees it.

// Control characters, space, ~ ^ : ? * [ and backslash never appear in a ref name.
const FORBIDDEN = /[\x00-\x20\x7f~^:?*[\\]/;

/** Why `name` cannot be a branch name; undefined when git accepts it. */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return 'it starts with "-" (git would read it as an option)';
  if (name === 'HEAD') return '"HEAD" names the checked-out commit, not a branch';
  if (name === '@') return '"@" is short for HEAD';
  // Git accepts these as refs/heads/refs/…, but other commands read them as full ref names.
  if (name.startsWith('refs/')) return 'it starts with "refs/": give the branch name alone, e.g. socialcal-ledger';
  const bad = FORBIDDEN.exec(name);
  if (bad) return `it contains ${bad[0] === ' ' ? 'a space' : /[\x00-\x1f\x7f]/.test(bad[0]) ? 'a control character' : `"${bad[0]}"`}`;
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.startsWith('/') || name.endsWith('/')) return 'it starts or ends with "/"';
  if (name.includes('//')) return 'it contains "//"';
  if (name.endsWith('.')) return 'it ends with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `a part of it starts with "." ("${part}")`;
    if (part.endsWith('.lock')) return `a part of it ends with ".lock" ("${part}")`;
  }
  return undefined;
}

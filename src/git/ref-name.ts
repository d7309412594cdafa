// Git's rules for branch and remote names (`git check-ref-format --branch`, `git remote add`; see
// git-check-ref-format(1)), as pure functions so `check` can refuse a bad ledger branch or remote
// before git ever sees it.

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
  return refPathProblem(name) ?? (name.endsWith('.') ? 'it ends with "."' : undefined);
}

/**
 * Why `name` cannot be a remote's name (git: `refs/remotes/<name>/…` must be a valid ref). Stricter
 * than `git remote add` in one way: a name starting with "-" is refused, since `git push <name>`
 * would read it as an option (`--upload-pack=…` runs a program).
 */
export function remoteNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('-')) return 'it starts with "-" (git would read it as an option)';
  return refPathProblem(name);
}

/** The rules every part of a ref name follows (git-check-ref-format(1)). */
function refPathProblem(name: string): string | undefined {
  const bad = FORBIDDEN.exec(name);
  if (bad) return `it contains ${bad[0] === ' ' ? 'a space' : /[\x00-\x1f\x7f]/.test(bad[0]) ? 'a control character' : `"${bad[0]}"`}`;
  if (name.includes('..')) return 'it contains ".."';
  if (name.includes('@{')) return 'it contains "@{"';
  if (name.startsWith('/') || name.endsWith('/')) return 'it starts or ends with "/"';
  if (name.includes('//')) return 'it contains "//"';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `a part of it starts with "." ("${part}")`;
    if (part.endsWith('.lock')) return `a part of it ends with ".lock" ("${part}")`;
  }
  return undefined;
}

/** The remote-tracking ref of `branch` on `remote`. */
export const trackingRef = (remote: string, branch: string) => `refs/remotes/${remote}/${branch}`;

import type { ScaffoldFile } from './calendar.js';

// The files that make the calendar folder a repository a team can clone and CI can install:
// package.json pins socialcal (CI runs `npm ci` then `npx socialcal`), .gitignore keeps
// installs and generated output out of git. Pure: text in, text out.

export const GITIGNORE = `node_modules/
socialcal-site/
.env
`;

/** package.json for a new calendar repository, with socialcal pinned to exactly `version`. */
export function calendarPackageJson(folderName: string, version: string): ScaffoldFile {
  const name = folderName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '') || 'social-calendar';
  const pkg = {
    name,
    private: true,
    description: 'Social media calendar kept with socialcal',
    scripts: { check: 'socialcal check', plan: 'socialcal plan --base main' },
    devDependencies: { socialcal: version },
  };
  return { path: 'package.json', content: JSON.stringify(pkg, null, 2) + '\n' };
}

/**
 * An existing package.json with socialcal added to devDependencies; undefined when it already
 * depends on socialcal or is not a JSON object (then it is left alone).
 */
export function withSocialcal(existing: string, version: string): string | undefined {
  let pkg: unknown;
  try {
    pkg = JSON.parse(existing);
  } catch {
    return undefined;
  }
  if (!pkg || typeof pkg !== 'object' || Array.isArray(pkg)) return undefined;
  const deps = pkg as Record<string, Record<string, string> | undefined>;
  if (deps.dependencies?.socialcal || deps.devDependencies?.socialcal) return undefined;
  const indent = /^\{\n(\s+)"/.exec(existing)?.[1] ?? '  ';
  return JSON.stringify({ ...pkg, devDependencies: { ...deps.devDependencies, socialcal: version } }, null, indent) + '\n';
}

/** An existing .gitignore with the entries above it lacks appended; undefined when it has them all. */
export function withIgnores(existing: string): string | undefined {
  const has = new Set(existing.split(/\r?\n/).map((l) => l.trim().replace(/^\//, '').replace(/\/$/, '')));
  const missing = GITIGNORE.split('\n').filter((l) => l && !has.has(l.replace(/\/$/, '')));
  if (missing.length === 0) return undefined;
  return `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${missing.join('\n')}\n`;
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { checkRepoPath } from '../../src/calendar/repo-path.js';
import { siteData } from '../../src/export/html/data.js';
import { writeSite } from '../../src/export/html/site.js';
import { calendarFilesAt } from '../../src/git/revision.js';
import { buildCalendar } from '../../src/calendar/load.js';
import { readMedia } from '../../src/platforms/media.js';
import { outgoingItems } from '../../src/publish/outgoing.js';
import { calendarDir, removeDir, type FileSpec } from '../support/calendar-dir.js';
import { git } from '../support/git.js';
import { png } from '../support/images.js';

// Item 10 and 19 of issue 11: nothing under .git is read as calendar content or media, media
// must be a regular file whose content matches its name, and nothing that is not a regular
// file (a FIFO above all) is ever opened for a blocking read.

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

const SECRET = 'extraheader = AUTHORIZATION: basic c2VjcmV0LXRva2Vu';
const GIT_CONFIG = `[core]\n\trepositoryformatversion = 0\n[http "https://github.com/"]\n\t${SECRET}\n`;
const P = 'posts/2027/03/x.yaml';
const withMedia = (file: string, extra = '') => `at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nmedia:\n  - file: ${file}\n    alt: a team photo\n${extra}`;

/** A calendar dir with a fake .git holding a "token", like a CI checkout. */
function repo(files: Record<string, FileSpec>): string {
  const dir = calendarDir({ '.git/config': GIT_CONFIG, '.git/HEAD': 'ref: refs/heads/main\n', ...files });
  dirs.push(dir);
  return dir;
}

function mkfifo(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  execFileSync('mkfifo', [path]);
}

const leaks = (value: unknown) => JSON.stringify(value).includes('c2VjcmV0LXRva2Vu');

describe('paths into .git', () => {
  it('media symlinked to .git/config is a located error, and its content goes nowhere', () => {
    const dir = repo({ [P]: withMedia('media/team.png'), 'media/team.png': { symlink: '../.git/config' } });
    const { problems, calendar } = loadCalendar(dir);
    const p = problems.find((x) => x.code === 'media-in-git');
    expect(p).toMatchObject({ file: P, line: 5, path: 'media[0].file', severity: 'error' });
    expect(p!.message).toContain('git\'s own files');
    expect(leaks(problems)).toBe(false);
    const post = calendar!.posts.find((x) => x.file === P)!;
    expect(post.media[0].exists).toBe(false);
  });

  it('export html does not copy it into the public site', () => {
    const dir = repo({ [P]: withMedia('media/team.png'), 'media/team.png': { symlink: '../.git/config' } });
    const { calendar } = loadCalendar(dir);
    const out = join(dir, 'site');
    // Even a caller that trusts a stale "exists" gets the check again at copy time.
    calendar!.posts.find((x) => x.file === P)!.media[0].exists = true;
    const data = siteData(calendar!, { now: new Date('2027-03-01T00:00:00Z') });
    for (const post of data.posts) for (const a of post.detail.accounts) for (const item of a.items) for (const m of item.media) m.exists = true;
    const site = writeSite(calendar!, data, out);
    const written = readdirSync(out, { recursive: true }).map(String);
    expect(site.files.some((f) => f.includes('team'))).toBe(false);
    for (const f of written) {
      const abs = join(out, f);
      if (existsSync(abs) && !f.endsWith('/') && !readdirSafe(abs)) expect(readFileSync(abs, 'utf8')).not.toContain('c2VjcmV0LXRva2Vu');
    }
  });

  it('publish refuses to read it for upload (outgoing media and the card thumbnail)', async () => {
    const dir = repo({ [P]: withMedia('media/team.png'), 'media/team.png': { symlink: '../.git/config' } });
    const { calendar } = loadCalendar(dir);
    const items = outgoingItems(calendar!, calendar!.posts.find((x) => x.file === P)!, 'bluesky');
    const error = await readMedia(items[0].media[0].file, items[0].media[0].absPath, calendar!.root).catch((e) => e);
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(/media media\/team.png: the path leads into git's own files/);
    const thumb = await readMedia('.git/config', undefined, calendar!.root).catch((e) => e);
    expect(thumb.message).toMatch(/git's own files/);
  });

  it('a post file symlinked to .git/config is refused without printing its contents', () => {
    const dir = repo({ [P]: { symlink: '../../../.git/config' } });
    const { problems } = loadCalendar(dir);
    expect(problems.find((x) => x.file === P)).toMatchObject({ code: 'file-in-git', line: 1 });
    expect(leaks(problems)).toBe(false);
  });

  it('the posts folder symlinked to .git is refused as a whole', () => {
    const dir = repo({ 'posts/keep.txt': 'x', '.git/x.yaml': 'text: leaked c2VjcmV0LXRva2Vu\n' });
    rmSync(join(dir, 'posts'), { recursive: true });
    symlinkSync('.git', join(dir, 'posts'));
    const { problems } = loadCalendar(dir);
    expect(problems.find((x) => x.file === 'posts')).toMatchObject({ code: 'file-in-git', line: 1 });
    expect(leaks(problems)).toBe(false);
  });

  it('a folder under posts/ symlinked to .git or outside the calendar is not walked into (Node 24 readdir would)', () => {
    const outside = calendarDir({ 'outside.yaml': 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: from outside\n' }, { base: false });
    dirs.push(outside);
    const dir = repo({ [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\n', '.git/leak.yaml': 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: leaked c2VjcmV0LXRva2Vu\n' });
    symlinkSync('../../.git', join(dir, 'posts/2027/git'));
    symlinkSync(outside, join(dir, 'posts/2027/elsewhere'));
    const { problems, calendar } = loadCalendar(dir, { cache: true });
    expect(calendar!.posts.map((p) => p.file).sort()).toEqual(['posts/2027/03/teaser.yaml', P]);
    expect(leaks(problems)).toBe(false);
    expect(JSON.stringify(problems)).not.toContain('from outside');
  });

  it('a media path written into .git, or a nested .git folder under posts/, is never read', () => {
    const dir = repo({ [P]: withMedia('.GIT/config'), 'posts/vendored/.git/leak.yaml': 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: c2VjcmV0LXRva2Vu\n' });
    const { problems, calendar } = loadCalendar(dir);
    expect(problems.find((x) => x.code === 'media-in-git')).toMatchObject({ file: P, line: 5 });
    expect(calendar!.posts.map((p) => p.file)).not.toContain('posts/vendored/.git/leak.yaml');
    expect(leaks(problems)).toBe(false);
  });

  it('a worktree whose .git file points to a git dir inside the calendar protects that dir too', () => {
    const dir = repo({ 'gitstore/config': GIT_CONFIG, [P]: withMedia('media/team.png'), 'media/team.png': { symlink: '../gitstore/config' } });
    rmSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, '.git'), 'gitdir: gitstore\n');
    const { problems } = loadCalendar(dir);
    expect(problems.find((x) => x.code === 'media-in-git')).toMatchObject({ file: P, line: 5 });
    expect(checkRepoPath(loadCalendar(dir).calendar!.root, 'gitstore/config')).toMatchObject({ ok: false, reason: 'git' });
  });

  it('plan\'s revision reader refuses committed symlinks into .git the same way', async () => {
    const dir = calendarDir({ [P]: withMedia('media/team.png'), 'media/team.png': { symlink: '../.git/config' }, 'posts/2027/03/y.yaml': { symlink: '../../../.git/config' } });
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'hostile');
    const { problems } = buildCalendar(await calendarFilesAt(dir, 'HEAD'));
    expect(problems.find((x) => x.code === 'media-in-git')).toMatchObject({ file: P, line: 5 });
    expect(problems.find((x) => x.file === 'posts/2027/03/y.yaml')).toMatchObject({ code: 'file-in-git' });
    expect(leaks(problems)).toBe(false);
  });
});

describe('media must be a regular file of the type its name says', () => {
  it('a text file named .png is a located error and is not uploaded', async () => {
    const dir = repo({ [P]: withMedia('media/team.png'), 'media/team.png': 'TOKEN=abc\n' });
    const { problems, calendar } = loadCalendar(dir);
    expect(problems.find((x) => x.code === 'media-content')).toMatchObject({ file: P, line: 5, message: expect.stringMatching(/named as image\/png, but its content is not/) });
    const error = await readMedia('media/team.png', join(calendar!.root, 'media/team.png'), calendar!.root).catch((e) => e);
    expect(error.message).toMatch(/content is not image\/png/);
  });

  it('a real PNG passes and is read', async () => {
    const dir = repo({ [P]: withMedia('media/team.png'), 'media/team.png': png(4, 4) });
    const { problems, calendar } = loadCalendar(dir);
    expect(problems.filter((x) => x.code.startsWith('media'))).toEqual([]);
    expect((await readMedia('media/team.png', join(calendar!.root, 'media/team.png'), calendar!.root)).length).toBe(png(4, 4).length);
  });

  it('a card thumbnail gets the same checks as media', () => {
    const dir = repo({ [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\ncard:\n  uri: https://acme.example\n  title: Acme\n  thumb: media/t.jpg\n', 'media/t.jpg': { symlink: '../.git/config' } });
    expect(loadCalendar(dir).problems.find((x) => x.code === 'media-in-git')).toMatchObject({ file: P, line: 7, path: 'card.thumb' });
  });

  it('a FIFO as media is a located error, and reading it for upload does not hang', async () => {
    const dir = repo({ [P]: withMedia('media/pipe.png') });
    mkfifo(join(dir, 'media/pipe.png'));
    const { problems, calendar } = loadCalendar(dir);
    expect(problems.find((x) => x.code === 'media-not-regular')).toMatchObject({ file: P, line: 5, message: expect.stringMatching(/named pipe/) });
    const error = await readMedia('media/pipe.png', join(calendar!.root, 'media/pipe.png'), calendar!.root).catch((e) => e);
    expect(error.message).toMatch(/named pipe \(FIFO\), not a regular file/);
  });
});

describe('FIFOs and other non-files as calendar files (item 19)', () => {
  it('socialcal.yaml as a FIFO is a located error, not a hang', () => {
    const dir = calendarDir({ [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\n' }, { base: false });
    dirs.push(dir);
    mkfifo(join(dir, 'socialcal.yaml'));
    const { problems } = loadCalendar(dir);
    expect(problems[0]).toMatchObject({ file: 'socialcal.yaml', line: 1, code: 'file-not-regular', message: expect.stringMatching(/named pipe/) });
  });

  it('a post symlinked to a FIFO inside the repo, and a FIFO named like a post, are located errors', () => {
    const dir = repo({ [P]: { symlink: '../../../pipe' } });
    mkfifo(join(dir, 'pipe'));
    mkfifo(join(dir, 'posts/2027/03/fifo.yaml'));
    const { problems } = loadCalendar(dir);
    expect(problems.find((x) => x.file === P)).toMatchObject({ code: 'file-not-regular', line: 1 });
    expect(problems.find((x) => x.file === 'posts/2027/03/fifo.yaml')).toMatchObject({ code: 'file-not-regular', line: 1 });
  });

  it('socialcal.yaml as a folder is a located error rather than "not a calendar"', () => {
    const dir = calendarDir({ 'socialcal.yaml/x': 'y' }, { base: false });
    dirs.push(dir);
    expect(loadCalendar(dir).problems[0]).toMatchObject({ file: 'socialcal.yaml', code: 'file-not-regular', message: expect.stringMatching(/a folder/) });
  });
});

function readdirSafe(path: string): boolean {
  try {
    readdirSync(path);
    return true;
  } catch {
    return false;
  }
}

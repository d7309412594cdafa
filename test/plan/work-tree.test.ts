// readWorkingTree (src/plan/work-tree.ts) reads the working tree for a plan without the parse
// cache with less work per unchanged post; it must give what readCalendarFiles gives (less the
// unchanged posts' stamps, which only the cache uses), and give up on anything unusual.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCalendarFiles, type CalendarFile } from '../../src/calendar/files.js';
import { MAX_FILE_BYTES } from '../../src/calendar/yaml-file.js';
import { readWorkingTree } from '../../src/plan/work-tree.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function calendar(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'socialcal-work-tree-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const POSTS = {
  'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky, handle: a.bsky.social }\n',
  'campaigns/spring.yaml': 'name: Spring\n',
  'campaigns/nested/fall.YML': 'name: Fall\n',
  'campaigns/notes.txt': 'not a campaign\n',
  'posts/2027/03/a.yaml': 'at: 2027-03-01 10:00\nchannels: [bluesky]\ntext: A.\n',
  'posts/2027/03/b.yml': 'at: 2027-03-02 10:00\nchannels: [bluesky]\ntext: B — ünïcode.\n',
  'posts/2027/03/Upper.YAML': 'at: 2027-03-03 10:00\nchannels: [bluesky]\ntext: C.\n',
  'posts/2027/03/empty.yaml': '',
  'posts/2027/04/changed.yaml': 'at: 2027-04-01 10:00\nchannels: [bluesky]\ntext: Changed.\n',
  'posts/2027/04/big-but-changed.yaml': Buffer.alloc(MAX_FILE_BYTES + 1, 0x61),
  'posts/.git/ignored.yaml': 'at: 2027-03-01 10:00\n',
  'posts/folder.yaml/inside.yaml': 'at: 2027-03-05 10:00\nchannels: [bluesky]\ntext: In a folder named like a file.\n',
  'posts/readme.md': '# not a post\n',
  'media/a.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]),
};
const CHANGED = new Set(['posts/2027/04/changed.yaml', 'posts/2027/04/big-but-changed.yaml', 'posts/2027/05/deleted.yaml']);

/** What readCalendarFiles gives, without the stamps of the unchanged posts. */
const general = (dir: string) => readCalendarFiles(dir).files.map((f) => (f.kind === 'post' && !CHANGED.has(f.path) ? withoutStamp(f) : f));
const withoutStamp = ({ stamp: _, ...rest }: CalendarFile): CalendarFile => rest;
const plain = (files: CalendarFile[]) => files.map((f) => ({ ...f, bytes: f.bytes && Buffer.from(f.bytes).toString('latin1') }));

describe('readWorkingTree', () => {
  it('gives the files readCalendarFiles gives: the same paths in the same order, kinds, bytes, issues, and stamps where the cache could use them', () => {
    const dir = calendar(POSTS);
    const lean = readWorkingTree(dir, CHANGED)!;
    expect(lean).toBeDefined();
    expect(plain(lean.files)).toEqual(plain(general(dir)));
    expect(lean.files.find((f) => f.path === 'posts/2027/04/big-but-changed.yaml')!.issue).toEqual({ code: 'file-too-large', size: MAX_FILE_BYTES + 1 });
    expect(lean.root).toBe(readCalendarFiles(dir).root);
    expect(lean.symlinks).toBe(false);
  });

  it('answers for media as readCalendarFiles does', () => {
    const dir = calendar(POSTS);
    symlinkSync('/etc/hostname', join(dir, 'media/outside.png'));
    symlinkSync('a.png', join(dir, 'media/link.png'));
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git/config'), '[core]\n');
    const lean = readWorkingTree(dir, CHANGED)!;
    const files = readCalendarFiles(dir);
    for (const path of ['media/a.png', 'media/missing.png', 'media', 'media/outside.png', 'media/link.png', '../elsewhere.png', '/etc/hostname', '.git/config', 'posts/2027/03/a.yaml']) {
      expect(lean.media(path), path).toEqual(files.media(path));
    }
  });

  it('leaves the calendar to readCalendarFiles when a post or folder is a symlink, a FIFO, or an unchanged post is too large', () => {
    const linkedPost = calendar(POSTS);
    symlinkSync('a.yaml', join(linkedPost, 'posts/2027/03/link.yaml'));
    expect(readWorkingTree(linkedPost, CHANGED)).toBeUndefined();

    const linkedFolder = calendar({ ...POSTS, 'elsewhere/x.yaml': 'at: 2027-03-01 10:00\n' });
    symlinkSync('../elsewhere', join(linkedFolder, 'posts/linked'));
    expect(readWorkingTree(linkedFolder, CHANGED)).toBeDefined(); // a linked folder is not walked into, as by readCalendarFiles
    expect(plain(readWorkingTree(linkedFolder, CHANGED)!.files)).toEqual(plain(general(linkedFolder)));

    const linkedPosts = calendar({ 'socialcal.yaml': POSTS['socialcal.yaml'], 'real/a.yaml': 'at: 2027-03-01 10:00\n' });
    symlinkSync('real', join(linkedPosts, 'posts'));
    expect(readWorkingTree(linkedPosts, CHANGED)).toBeUndefined();

    const linkedConfig = calendar({ 'real.yaml': POSTS['socialcal.yaml'] });
    symlinkSync('real.yaml', join(linkedConfig, 'socialcal.yaml'));
    expect(readWorkingTree(linkedConfig, CHANGED)).toBeUndefined();

    const fifo = calendar(POSTS);
    execFileSync('mkfifo', [join(fifo, 'posts/2027/03/pipe.yaml')]);
    expect(readWorkingTree(fifo, CHANGED)).toBeUndefined();

    const large = calendar({ ...POSTS, 'posts/2027/03/large.yaml': Buffer.alloc(MAX_FILE_BYTES + 1, 0x61) });
    expect(readWorkingTree(large, CHANGED)).toBeUndefined();
  });

  it('reads a file of exactly the largest size, and many files across blocks of memory, byte for byte', () => {
    const many: Record<string, string | Buffer> = { ...POSTS, 'posts/2027/06/largest.yaml': Buffer.alloc(MAX_FILE_BYTES, 0x62) };
    for (let i = 0; i < 40; i++) many[`posts/2027/07/p-${String(i).padStart(2, '0')}.yaml`] = Buffer.alloc(60_000 + i, 0x30 + (i % 10));
    const dir = calendar(many);
    expect(plain(readWorkingTree(dir, CHANGED)!.files)).toEqual(plain(general(dir)));
  });

  it('reads a calendar without posts or campaigns folders, or with no calendar at all', () => {
    const bare = calendar({ 'socialcal.yaml': POSTS['socialcal.yaml'] });
    expect(plain(readWorkingTree(bare, CHANGED)!.files)).toEqual(plain(general(bare)));
    expect(readWorkingTree(join(bare, 'missing'), CHANGED)).toBeUndefined();
  });
});

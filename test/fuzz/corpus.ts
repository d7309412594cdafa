// A deterministic generator of broken and hostile calendars, for the fuzz test. Each case
// starts from files of examples/calendar and applies one to three mutations: byte flips,
// truncation, type swaps, deep nesting, huge strings, invalid UTF-8, BOM/CRLF, YAML tags,
// merge keys and anchors, FIFOs, symlinks and weird file names.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';

const EXAMPLE = join(import.meta.dirname, '../../examples/calendar');

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const int = (rng: Rng, n: number) => Math.floor(rng() * n);
const pick = <T>(rng: Rng, list: readonly T[]): T => list[int(rng, list.length)];

/** Posts of the example kept in the seed: enough for every kind of field, few enough to be quick. */
const SEED_POSTS = 8;

/** The seed calendar: the example's config, campaigns, media and its first posts. */
function seedFiles(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else files.set(relative(EXAMPLE, abs), readFileSync(abs));
    }
  };
  walk(EXAMPLE);
  const posts = [...files.keys()].filter((p) => p.startsWith('posts/')).sort();
  for (const path of posts.slice(SEED_POSTS)) files.delete(path);
  return files;
}

export type Special = { fifo: true } | { symlink: string };
export interface FuzzCase {
  index: number;
  mutations: string[];
  files: Map<string, Buffer | Special>;
}

type Files = FuzzCase['files'];
type Mutation = (rng: Rng, files: Files, target: string) => string;

const yamlFiles = (files: Files) => [...files.keys()].filter((p) => /\.ya?ml$/.test(p) && Buffer.isBuffer(files.get(p)));
const text = (files: Files, path: string) => (files.get(path) as Buffer).toString('utf8');

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  99999999999999999999,
  '',
  ' ',
  '\u0000',
  '\u202e',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '/etc/passwd',
  '.git/config',
  '2027-02-30 25:61',
  '2027-03-28 02:30',
  'launch - 99999999999d',
  'launch + 1d',
  'Mars/Olympus_Mons',
  '${{ secrets.TOKEN }}',
  '::warning::forged',
  '=HYPERLINK("http://evil")',
  '\u001b[31mred\u001b[0m',
  'a'.repeat(5000),
  '😀'.repeat(400),
  [],
  [[]],
  {},
  { __proto__: 'x' },
  ['bluesky', 'bluesky'],
  { a: { b: { c: 'd' } } },
];

/** Replaces a random scalar, list or map in the parsed file with a value of another type. */
const typeSwap: Mutation = (rng, files, target) => {
  const doc = parseDocument(text(files, target), { version: '1.2', uniqueKeys: false });
  // An earlier mutation of this case may have broken the file: yaml will not write it back.
  if (doc.errors.length) return 'type swap (the file no longer parses)';
  const nodes: { parent: Node; key: unknown }[] = [];
  const visit = (node: unknown) => {
    if (isMap(node)) for (const pair of node.items) {
      nodes.push({ parent: node, key: pair.key });
      visit(pair.value);
    }
    else if (isSeq(node)) node.items.forEach((item, i) => {
      nodes.push({ parent: node, key: i });
      visit(item);
    });
  };
  visit(doc.contents);
  if (!nodes.length) return 'type swap (nothing to swap)';
  const { parent, key } = pick(rng, nodes);
  const value = pick(rng, HOSTILE_VALUES);
  if (isMap(parent)) parent.set(key, doc.createNode(value));
  else if (isSeq(parent)) parent.set(key as number, doc.createNode(value));
  files.set(target, Buffer.from(doc.toString({ lineWidth: 0 })));
  return `type swap at ${isScalar(key) ? String((key as Scalar).value) : String(key)} → ${JSON.stringify(value)?.slice(0, 30)}`;
};

const byteFlips: Mutation = (rng, files, target) => {
  const bytes = Buffer.from(files.get(target) as Buffer);
  const n = 1 + int(rng, 8);
  for (let i = 0; i < n && bytes.length; i++) bytes[int(rng, bytes.length)] ^= 1 << int(rng, 8);
  files.set(target, bytes);
  return `${n} byte flips`;
};

const truncate: Mutation = (rng, files, target) => {
  const bytes = files.get(target) as Buffer;
  const at = int(rng, bytes.length + 1);
  files.set(target, bytes.subarray(0, at));
  return `truncated at ${at}`;
};

const deepNesting: Mutation = (rng, files, target) => {
  const depth = pick(rng, [100, 1000, 5000, 20000]);
  const flow = rng() < 0.5;
  const nested = flow ? `${'['.repeat(depth)}x${']'.repeat(depth)}` : Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x';
  files.set(target, Buffer.from(`${text(files, target)}\nnotes: ${flow ? nested : `\n${nested.replace(/^/gm, '  ')}`}\n`));
  return `nesting ${depth} deep (${flow ? 'flow' : 'block'})`;
};

const hugeString: Mutation = (rng, files, target) => {
  // Sizes near the 1 MiB limit wait for linear parsing (issue 11 item 18): a 1,040,000-byte id took minutes.
  const size = pick(rng, [100_000, 300_000, 1_100_000]);
  const field = pick(rng, ['text', 'notes', 'id', 'a-key']);
  const value = pick(rng, ['x', '🙂', 'a ', '\\n']).repeat(Math.floor(size / 2));
  files.set(target, Buffer.from(field === 'a-key' ? `${value.slice(0, 50_000)}: 1\n${text(files, target)}` : `${text(files, target).replace(new RegExp(`^${field}:.*$`, 'm'), '')}\n${field}: "${value}"\n`));
  return `huge ${field} (${size})`;
};

const invalidUtf8: Mutation = (rng, files, target) => {
  const bytes = files.get(target) as Buffer;
  const at = int(rng, bytes.length + 1);
  const bad = pick(rng, [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xf0, 0x28, 0x8c, 0xbc], [0xed, 0xa0, 0x80], [0x00]]);
  files.set(target, Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]));
  return `invalid UTF-8 ${bad.map((b) => b.toString(16)).join(' ')} at ${at}`;
};

const bomCrlf: Mutation = (rng, files, target) => {
  let t = text(files, target);
  const kind = pick(rng, ['bom', 'crlf', 'cr', 'bom+crlf', 'utf16', 'double-bom']);
  if (kind.includes('crlf')) t = t.replace(/\n/g, '\r\n');
  if (kind === 'cr') t = t.replace(/\n/g, '\r');
  if (kind.startsWith('bom')) t = `\ufeff${t}`;
  if (kind === 'double-bom') t = `\ufeff\ufeff${t}`;
  files.set(target, kind === 'utf16' ? Buffer.from(`\ufeff${t}`, 'utf16le') : Buffer.from(t));
  return kind;
};

const TAGS = ['!!binary aGVsbG8=', '!!set { a, b }', '!!omap [ a: 1 ]', '!!timestamp 2027-03-08', '!!js/function "function(){}"', '!custom x', '!!str', '!!int "12"', '!!float .nan', '!!null', '!<tag:yaml.org,2002:str> x', '!!map {}', '!!seq []', '!!bool yes'];
const yamlTags: Mutation = (rng, files, target) => {
  const tag = pick(rng, TAGS);
  const field = pick(rng, ['text', 'at', 'channels', 'id', 'timezone', 'media', 'tags', 'status']);
  const t = text(files, target);
  files.set(target, Buffer.from(new RegExp(`^${field}:`, 'm').test(t) ? t.replace(new RegExp(`^${field}:.*$`, 'm'), `${field}: ${tag}`) : `${t}\n${field}: ${tag}\n`));
  return `tag ${tag} on ${field}`;
};

const mergeKeys: Mutation = (rng, files, target) => {
  const variants = [
    'base: &base { text: merged, channels: [bluesky] }\n<<: *base\n',
    '<<: [*undefined]\n',
    'x: &x [*x]\n',
    'a: &a { b: &b { c: *a } }\n',
    '<<: { text: 1 }\n<<: { text: 2 }\n',
    'anchor: &a x\n&b y: z\n',
    'k: *nothing\n',
    '? [a, b]\n: complex key\n',
    '? { a: 1 }\n: map key\n',
  ];
  const v = pick(rng, variants);
  files.set(target, Buffer.from(`${v}${text(files, target)}`));
  return `merge/anchor: ${v.split('\n')[0]}`;
};

const multiDoc: Mutation = (rng, files, target) => {
  const t = text(files, target);
  files.set(target, Buffer.from(pick(rng, [`${t}\n---\n${t}`, `---\n${t}\n...\n`, `%YAML 1.1\n---\n${t}`, `%TAG ! tag:evil,2000:\n---\n${t}`, `--- |\n  ${t}`])));
  return 'document markers';
};

const duplicateKeys: Mutation = (rng, files, target) => {
  const t = text(files, target);
  const line = pick(rng, t.split('\n').filter((l) => /^\w+:/.test(l)).concat(['text: x']));
  files.set(target, Buffer.from(`${t}\n${line}\n${line}\n`));
  return `duplicate ${line.split(':')[0]}`;
};

const manyKeys: Mutation = (rng, files, target) => {
  // Kept small: parsing is quadratic in the keys of one map (issue 11 item 18, fixed separately).
  const n = pick(rng, [500, 1000]);
  const keys = Array.from({ length: n }, (_, i) => `  k${i}: ${i}`).join('\n');
  files.set(target, Buffer.from(`${text(files, target)}\noverrides:\n${keys}\n`));
  return `${n} keys in a map`;
};

const WEIRD_NAMES = [
  'posts/with space.yaml',
  'posts/ünïcödé-😀.yaml',
  'posts/new\nline.yaml',
  'posts/.yaml',
  'posts/..yaml',
  'posts/-rf.yaml',
  'posts/::warning::x.yaml',
  'posts/a:b.yaml',
  'posts/UPPER.YAML',
  'posts/tab\there.yml',
  `posts/${'l'.repeat(250)}.yaml`,
  'posts/deep/a/b/c/d/e/f/g/h/i/j/k.yaml',
  'posts/$(touch pwned).yaml',
  'posts/`id`.yaml',
  'posts/back\\slash.yaml',
  'campaigns/ spaced .yaml',
  'posts/%2e%2e.yaml',
];
const weirdName: Mutation = (rng, files, target) => {
  const name = pick(rng, WEIRD_NAMES);
  const source = files.get(target);
  files.set(name, Buffer.isBuffer(source) ? source : Buffer.from('text: x\n'));
  return `file named ${JSON.stringify(name)}`;
};

const fifo: Mutation = (rng, files, target) => {
  const where = pick(rng, [target, 'socialcal.yaml', 'posts/fifo.yaml', 'media/pipe.png', 'campaigns/fifo.yaml']);
  files.set(where, { fifo: true });
  if (where === 'media/pipe.png') files.set(target, Buffer.from(`${text(files, target)}\nmedia:\n  - file: media/pipe.png\n    alt: pipe\n`));
  return `FIFO at ${where}`;
};

const symlink: Mutation = (rng, files, target) => {
  const link = pick(rng, ['/etc/passwd', '../../.git/config', '.git/config', '../outside.yaml', 'self.yaml', '/dev/zero', '/dev/urandom', '/proc/self/environ', 'nowhere.yaml']);
  const where = pick(rng, [target, 'media/teaser.png', 'posts/link.yaml']);
  files.set(where, { symlink: link });
  return `symlink ${where} → ${link}`;
};

const hostileMedia: Mutation = (rng, files, target) => {
  const path = pick(rng, ['.git/config', '../x.png', '/etc/passwd', 'media/', 'media/teaser.png/..', 'media\\teaser.png', 'media/%2e%2e/x.png', '', '~/.ssh/id_rsa.png', 'media/none.png', 'C:\\x.png', 'media/teaser.png\u0000.txt']);
  files.set(target, Buffer.from(`${text(files, target).replace(/^media:[\s\S]*?(?=^\w)/m, '')}\nmedia:\n  - file: ${JSON.stringify(path)}\n    alt: x\n`));
  return `media path ${JSON.stringify(path)}`;
};

const CONFIG_SNIPPETS = [
  'rules:\n  approval-required:\n    claims:\n      - { name: evil, patterns: ["(a+)+$", "(?<!x)y", "("], roles: [legal] }\n',
  'rules:\n  max-length: { severity: error, unknown: 1 }\n',
  'rules:\n  spacing: { severity: error, minutes: -5 }\n',
  'rules:\n  daily-limit: { severity: error, max: 1e309 }\n',
  'rules:\n  nope: error\n',
  'rules: [1, 2]\n',
  'publish:\n  grace: 99999999999999d\n  concurrency: 0\n  branch: "--upload-pack=evil"\n',
  'blackouts:\n  - { name: x, from: 2027-13-01, to: 0000-00-00 }\n',
  'blackouts:\n  - { name: x, from: 2027-03-01, to: 2027-02-01, accounts: [nope] }\n',
  'timezone: Etc/GMT+99\n',
  'accounts:\n  __proto__: { platform: bluesky }\n  constructor: { platform: mastodon }\n',
  'accounts:\n  x: { platform: mastodon, server: "javascript:alert(1)", color: "red;background:url(x)" }\n',
  'pillars: null\n',
  'roles:\n  legal: "not a list"\n',
];
const configSnippet: Mutation = (rng, files) => {
  const snippet = pick(rng, CONFIG_SNIPPETS);
  const top = snippet.split(':')[0];
  const t = text(files, 'socialcal.yaml');
  // Replace the whole top-level block of that key, so the file stays free of duplicate keys.
  const without = t.replace(new RegExp(`^${top}:[\\s\\S]*?(?=^\\S|(?![\\s\\S]))`, 'm'), '');
  files.set('socialcal.yaml', Buffer.from(`${without}\n${snippet}`));
  return `config: ${snippet.split('\n')[0]}…`;
};

const MUTATIONS: [string, Mutation][] = [
  ['typeSwap', typeSwap],
  ['typeSwap', typeSwap],
  ['byteFlips', byteFlips],
  ['truncate', truncate],
  ['deepNesting', deepNesting],
  ['hugeString', hugeString],
  ['invalidUtf8', invalidUtf8],
  ['bomCrlf', bomCrlf],
  ['yamlTags', yamlTags],
  ['mergeKeys', mergeKeys],
  ['multiDoc', multiDoc],
  ['duplicateKeys', duplicateKeys],
  ['manyKeys', manyKeys],
  ['weirdName', weirdName],
  ['fifo', fifo],
  ['symlink', symlink],
  ['hostileMedia', hostileMedia],
  ['configSnippet', configSnippet],
];

let seeds: Map<string, Buffer> | undefined;

/** Case `index` of the corpus for `seed`: the same files every time. */
export function fuzzCase(seed: number, index: number): FuzzCase {
  seeds ??= seedFiles();
  const rng = random(seed * 1_000_003 + index);
  const files: Files = new Map(seeds);
  const mutations: string[] = [];
  const count = 1 + int(rng, 3);
  for (let i = 0; i < count; i++) {
    const candidates = yamlFiles(files);
    if (!candidates.length) break;
    const target = pick(rng, candidates);
    const [name, mutate] = pick(rng, MUTATIONS);
    mutations.push(`${name} on ${target}: ${mutate(rng, files, target)}`);
  }
  return { index, mutations, files };
}

/** Writes a case into `dir`, with a fake .git holding a "token" like a CI checkout has. */
export function writeCase(c: FuzzCase, dir: string): void {
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.git/config'), '[http]\n\textraheader = AUTHORIZATION: basic FUZZ-GIT-TOKEN\n');
  for (const [path, content] of c.files) {
    const abs = join(dir, path);
    try {
      mkdirSync(dirname(abs), { recursive: true });
      if (Buffer.isBuffer(content)) writeFileSync(abs, content);
      else if ('fifo' in content) execFileSync('mkfifo', [abs]);
      else symlinkSync(content.symlink, abs);
    } catch {
      // a name the file system refuses (too long, a folder in the way): that case skips the file
    }
  }
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { contentHash, openCache, type CacheEntry, type ParseCache } from './cache.js';
import { contentMatches, mimeOf } from '../platforms/media-type.js';
import { CONFIG_FILE, readCalendarFiles, stampsOf, type CalendarFile, type CalendarFiles, type MediaInfo, type Stamp } from './files.js';
import type {
  Account,
  Blackout,
  Calendar,
  Campaign,
  Config,
  Evergreen,
  FieldPath,
  MediaRef,
  Milestone,
  Post,
  PostOverride,
  QueuedPost,
  Queue,
  RuleSetting,
  Slot,
  SourceMap,
  ThreadItem,
} from './model.js';
import { didYouMean, makeProblem, sortProblems, type Problem, type ProblemCode } from './problems.js';
import {
  campaignSchema,
  configSchema,
  postSchema,
  type CampaignInput,
  type ConfigInput,
  type PostInput,
  WEEKDAYS,
} from './schema.js';
import { feedCampaignProblems, loadFeeds } from './feeds.js';
import { resolveMilestoneTime } from './milestones.js';
import { endOfDay, formatWall, isValidZone, parseDuration, parseWallTime, wallParts, zoneNames } from './time.js';
import { laterOccurrences, parseEvery, type RepeatRule } from './repeat.js';
import { MIN_EVERGREEN_DAYS, notBefore, saneGap } from './evergreen.js';
import { readStagger } from './stagger.js';
import { quickPostInput } from './schema-fast.js';
import { lazySourceMap, readYamlFile } from './yaml-file.js';
import { branchNameProblem, remoteNameProblem } from '../git/ref-name.js';
import { loadListening } from '../listen/config.js';
import { plural } from '../words.js';
import { ownVersion } from '../version.js';

export interface LoadResult {
  /** Present when socialcal.yaml is valid; posts and campaigns with schema errors are left out. */
  calendar?: Calendar;
  /** Every problem found, sorted by file and line. */
  problems: Problem[];
}

export interface LoadOptions {
  /** Reuse each unchanged file's parse result from node_modules/.cache/socialcal (see cache.ts). */
  cache?: boolean;
  /** The caller saves the returned cache itself, after adding to it (check: findings and positions). */
  saveLater?: boolean;
}

/** Loads the calendar repository at `root` from disk. */
export function loadCalendar(root: string, opts: LoadOptions = {}): LoadResult & { cache?: ParseCache; read?: ReadFiles } {
  const files = readCalendarFiles(root, opts.cache ? (realRoot, config) => openCache(realRoot, ownVersion(), config) : undefined);
  const result = buildCalendar(files);
  if (!opts.saveLater) files.cache?.save();
  if (!opts.cache) return result;
  return { ...result, cache: files.cache, read: { stamps: stampsOf(files), media: files.consulted ?? new Map() } };
}

/** What a cached load read from disk, for the check memo (check-memo.ts). */
export interface ReadFiles {
  /** Every calendar file's stamp; undefined when some file could not have one (a symlink, an unreadable file). */
  stamps?: Stamp[];
  /** The media files looked at, with what was found. */
  media: ReadonlyMap<string, MediaInfo>;
}

/** What a post or campaign id may look like (it is also a file name). */
export const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Builds the calendar model from files; pure apart from the `media` lookup it is given. */
export function buildCalendar(source: CalendarFiles): LoadResult {
  const problems: Problem[] = [];
  const configFile = source.files.find((f) => f.kind === 'config');
  if (!configFile) {
    problems.push(makeProblem('config-missing', { file: CONFIG_FILE, line: 1, column: 1 }, []));
  }
  const config = configFile ? loadConfig(configFile, problems) : undefined;
  const zone = config?.timezone ?? 'UTC';

  const campaigns = new Map<string, Campaign>();
  const cache = source.cache ? { cache: source.cache, root: source.root } : undefined;
  for (const file of source.files.filter((f) => f.kind === 'campaign')) {
    const campaign = loadCampaign(file, zone, problems, cache);
    if (!campaign) continue;
    const other = campaigns.get(campaign.id);
    if (other) {
      problems.push(
        makeProblem('id-duplicate', campaign.source.locate(['id']), 'id', { kind: 'campaign', id: campaign.id, other: other.file }),
      );
      continue;
    }
    campaigns.set(campaign.id, campaign);
  }
  if (config) problems.push(...feedCampaignProblems(config, campaigns));

  const posts: Post[] = [];
  const postsById = new Map<string, Post>();
  const queued: QueuedPost[] = [];
  const files = new Map<string, string>();
  for (const file of source.files.filter((f) => f.kind === 'post')) {
    for (const post of loadPost(file, { config, campaigns, zone, media: source.media, cache }, problems)) {
      const other = files.get(post.id);
      if (other !== undefined) {
        problems.push(makeProblem('id-duplicate', post.source.locate(['id']), 'id', { kind: 'post', id: post.id, other }));
        continue;
      }
      files.set(post.id, post.file);
      if ('queue' in post) queued.push(post);
      else {
        postsById.set(post.id, post);
        posts.push(post);
      }
    }
  }
  posts.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const campaign of campaigns.values()) problems.push(...boostProblems(campaign, postsById));

  const calendar = config ? { root: source.root, config, campaigns, posts, postsById, queued } : undefined;
  return { calendar, problems: sortProblems(problems) };
}

// ── files → validated input ─────────────────────────────────────────────────

interface Parsed<T> {
  data: T;
  source: SourceMap;
}

/**
 * `droppable` names entries that may be left out when they alone are invalid (a bad rule
 * setting), so the rest of the file still loads and its other problems are still found.
 */
interface CacheUse {
  cache: ParseCache;
  root: string;
}

/** parseFile through the cache: an unchanged file's result is reused, a changed one stored. */
function parseCachedFile<T>(file: CalendarFile, schema: z.ZodType<T>, problems: Problem[], { cache, root }: CacheUse): Parsed<T> | undefined {
  cache.seen(file.path);
  const hash = file.bytes ? contentHash(file.bytes) : undefined;
  let entry = file.cached ?? (hash ? cache.same(file.path, file.stamp, hash) : undefined);
  let source: SourceMap | undefined;
  if (!entry) {
    const own: Problem[] = [];
    const parsed = parseFile(file, schema, own);
    // Files that could not be read (too large, a symlink out) are not cached: that is checked every run.
    if (!hash) {
      problems.push(...own);
      return parsed;
    }
    entry = cache.store(file.path, file.stamp, hash, { data: parsed?.data, problems: own });
    source = parsed?.source;
  }
  problems.push(...entry.problems);
  if (entry.data === undefined) return undefined;
  return { data: entry.data as T, source: rememberedSourceMap(file.path, entry, cache, source ?? lazySourceMap(file.path, () => readText(root, file.path))) };
}

/** A source map whose answers are kept in the cache entry, so a warm run re-parses nothing to locate. */
function rememberedSourceMap(file: string, entry: CacheEntry, cache: ParseCache, inner: SourceMap): SourceMap {
  return {
    file,
    locate(path, opts) {
      const key = JSON.stringify(opts?.key ? [path, 'key'] : path);
      const known = entry.locations?.[key];
      if (known) return { file, line: known[0], column: known[1] };
      const at = inner.locate(path, opts);
      cache.located(entry, key, at);
      return at;
    },
  };
}

function readText(root: string, path: string): string {
  try {
    const text = readFileSync(join(root, path), 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return '';
  }
}

function parseFile<T>(
  file: CalendarFile,
  schema: z.ZodType<T>,
  problems: Problem[],
  droppable?: (path: FieldPath) => FieldPath | undefined,
): Parsed<T> | undefined {
  const start = { file: file.path, line: 1, column: 1 };
  if (file.issue?.code === 'file-too-large') {
    problems.push(makeProblem('file-too-large', start, [], { size: file.issue.size, limit: 1024 * 1024 }));
    return undefined;
  }
  if (file.issue?.code === 'file-outside') {
    problems.push(makeProblem('file-outside', start, [], { what: file.issue.folder ? 'this folder is a symlink that' : 'this file is a symlink that', target: file.issue.target }));
    return undefined;
  }
  if (file.issue?.code === 'file-in-git') {
    problems.push(makeProblem('file-in-git', start, [], { target: file.issue.target }));
    return undefined;
  }
  if (file.issue?.code === 'file-not-regular') {
    problems.push(makeProblem('file-not-regular', start, [], { type: file.issue.type }));
    return undefined;
  }
  const yaml = readYamlFile(file.path, file.bytes ?? new Uint8Array(), problems);
  if (!yaml) return undefined;
  const result = validate(schema, yaml.value);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') problems.push(...unknownFields(issue.keys, issue.path as FieldPath, schema, yaml.value, yaml.source));
      else problems.push(schemaProblem(issue, yaml.value, schema, yaml.source));
    }
    const drop = droppable ? result.error.issues.map((issue) => droppable(issue.path as FieldPath)) : [];
    if (drop.length === 0 || drop.some((path) => path === undefined)) return undefined;
    const rest = structuredClone(yaml.value) as Record<string, unknown>;
    for (const path of drop as FieldPath[]) {
      const parent = valueAt(rest, path.slice(0, -1)) as Record<string | number, unknown> | undefined;
      if (parent) delete parent[path[path.length - 1]];
    }
    const retry = schema.safeParse(rest);
    return retry.success ? { data: retry.data, source: yaml.source } : undefined;
  }
  return { data: result.data, source: yaml.source };
}

/** The schema's result; a post that is plainly well-formed is checked without zod (quickPostInput). */
function validate<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  const quick = schema === (postSchema as z.ZodType) ? quickPostInput(value) : undefined;
  return quick !== undefined ? { success: true, data: quick as T } : schema.safeParse(value);
}

/** One located problem for each unknown key of a map, each with its own did-you-mean. */
function unknownFields(keys: string[], path: FieldPath, schema: z.ZodType, value: unknown, source: SourceMap): Problem[] {
  const allowed = keysAt(schema, path, value);
  return keys.map((key) =>
    makeProblem('field-unknown', source.locate([...path, key], { key: true }), [...path, key], {
      key,
      suggestion: didYouMean(key, allowed) ?? '',
      allowed: allowed.join(', '),
    }),
  );
}

function schemaProblem(issue: z.core.$ZodIssue, value: unknown, schema: z.ZodType, source: SourceMap): Problem {
  const path = issue.path as FieldPath;
  const found = valueAt(value, path);
  if (issue.code === 'invalid_type') {
    if (found === undefined) {
      const key = String(path[path.length - 1] ?? '');
      return makeProblem('field-required', source.locate(path.slice(0, -1)), path, { key });
    }
    return makeProblem('field-type', source.locate(path), path, { expected: describeExpected(issue.expected), found: typeName(found) });
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => String(v)).join(', ');
    const suggestion = isScalar(found) ? didYouMean(String(found), issue.values.map(String)) : undefined;
    return makeProblem('field-invalid', source.locate(path), path, {
      detail: `${shownValue(found)} is not one of: ${values}`,
      hint: suggestion ? `did you mean "${suggestion}"?` : `use one of: ${values}`,
    });
  }
  if (issue.code === 'too_small' && Array.isArray(found)) {
    return makeProblem('field-invalid', source.locate(path), path, {
      detail: `needs at least ${plural(Number(issue.minimum), 'item')}`,
    });
  }
  if (issue.code === 'too_small' && typeof found === 'string') {
    return makeProblem('field-invalid', source.locate(path), path, { detail: 'must not be empty' });
  }
  if (issue.code === 'invalid_union' && found === undefined) {
    return makeProblem('field-required', source.locate(path.slice(0, -1)), path, { key: String(path[path.length - 1] ?? '') });
  }
  const options = (issue as { options?: unknown }).options;
  if (issue.code === 'invalid_union' && 'discriminator' in issue && Array.isArray(options)) {
    // A discriminated union (accounts by `platform`): say which values exist, like an enum.
    const values = options.map(String);
    const suggestion = isScalar(found) ? didYouMean(String(found), values) : undefined;
    return makeProblem('field-invalid', source.locate(path), path, {
      detail: `${shownValue(found)} is not one of: ${values.join(', ')}`,
      hint: suggestion ? `did you mean "${suggestion}"?` : `use one of: ${values.join(', ')}`,
    });
  }
  if (issue.code === 'invalid_union') {
    // Explain the failure of the alternative shaped like the value (a map for a map).
    const branch =
      issue.errors.find((errors) => errors.length > 0 && errors[0].path.length > 0) ??
      issue.errors.find((errors) => errors.length > 0 && errors[0].code !== 'invalid_type');
    if (branch) {
      const inner = { ...branch[0], path: [...path, ...branch[0].path] } as z.core.$ZodIssue;
      return inner.code === 'unrecognized_keys'
        ? unknownFields(inner.keys, inner.path as FieldPath, schema, value, source)[0]
        : schemaProblem(inner, value, schema, source);
    }
    return makeProblem('field-invalid', source.locate(path), path, {
      detail: `unexpected ${typeName(found)} here`,
      hint: 'see docs/format.md for the accepted shapes of this field',
    });
  }
  return makeProblem('field-invalid', source.locate(path), path, { detail: issue.message });
}

function describeExpected(expected: string): string {
  if (expected === 'array') return 'a list';
  if (expected === 'object' || expected === 'record') return 'a map of fields';
  return `a ${expected}`;
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** A found value as a message shows it: a scalar quoted, a map or list by its kind (never "[object Object]"). */
function shownValue(v: unknown): string {
  return isScalar(v) ? `"${String(v)}"` : typeName(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  return typeof v;
}

function valueAt(value: unknown, path: FieldPath): unknown {
  let v: unknown = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}

/** Field names the schema allows at `path`, for "did you mean" on unknown keys. */
function keysAt(schema: z.ZodType, path: FieldPath, value: unknown): string[] {
  let node: any = schema;
  let at = value;
  for (const step of [...path, undefined]) {
    for (;;) {
      const def = node?._zod?.def;
      if (!def) return [];
      if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') node = def.innerType;
      else if (def.type === 'union' && def.discriminator) node = discriminatedOption(def, at);
      else if (def.type === 'union') node = def.options.find((o: any) => o._zod.def.type === 'object') ?? def.options[0];
      else break;
    }
    const def = node._zod.def;
    if (step === undefined) return def.type === 'object' ? Object.keys(def.shape) : [];
    at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[step] : undefined;
    if (def.type === 'object') node = def.shape[step];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else return [];
  }
  return [];
}

/** The option of a discriminated union that `value` selects (accounts: its `platform`). */
function discriminatedOption(def: any, value: unknown): any {
  const key = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[def.discriminator] : undefined;
  return def.options.find((o: any) => o._zod.def.shape?.[def.discriminator]?._zod.def.values?.includes(key));
}

// ── config ──────────────────────────────────────────────────────────────────

function loadConfig(file: CalendarFile, problems: Problem[]): Config | undefined {
  // A bad rule setting is reported and left out: the rest of the config still loads and is checked.
  const parsed = parseFile<ConfigInput>(file, configSchema, problems, (path) =>
    path[0] === 'rules' && path.length >= 2 ? path.slice(0, 2) : undefined,
  );
  if (!parsed) return undefined;
  const { data, source } = parsed;
  let ok = true;
  if (!zoneOk(data.timezone, source, ['timezone'], problems)) ok = false;

  // Null-prototype maps: a name like "constructor" or "__proto__" must not find Object's own.
  const accounts: Record<string, Account> = Object.create(null);
  for (const [name, input] of Object.entries(data.accounts)) {
    const { platform, handle, credentials, color, ...rest } = input;
    const { server, ...settings } = rest as { server?: string } & Record<string, unknown>;
    accounts[name] = { name, platform, handle, server, credentials: (credentials ?? {}) as Record<string, string>, color, settings };
  }

  const rules: Record<string, RuleSetting> = Object.create(null);
  for (const [id, setting] of Object.entries(data.rules ?? {})) {
    if (typeof setting === 'string') rules[id] = { severity: setting, options: {} };
    else {
      const { severity, ...options } = setting;
      rules[id] = { severity, options };
    }
  }

  const blackouts: Blackout[] = [];
  (data.blackouts ?? []).forEach((b, index) => {
    const from = resolveTime(b.from, data.timezone, source, ['blackouts', index, 'from'], problems, {});
    const to = resolveTime(b.to, data.timezone, source, ['blackouts', index, 'to'], problems, { endOfDay: true });
    if (!from || !to) return;
    if (to < from) {
      problems.push(
        makeProblem('date-order', source.locate(['blackouts', index, 'to']), ['blackouts', index, 'to'], {
          start: 'from',
          end: 'to',
          startText: b.from,
          endText: b.to,
        }),
      );
      return;
    }
    blackouts.push({ name: b.name, from, to, fromText: b.from, toText: b.to, tags: b.tags, accounts: b.accounts, reason: b.reason, index });
    for (const [i, account] of (b.accounts ?? []).entries()) {
      if (!accounts[account]) {
        problems.push(unknownAccount(account, accounts, source, ['blackouts', index, 'accounts', i]));
      }
    }
  });

  const queues = loadQueues(data, source, accounts, problems);
  const feeds = loadFeeds(data, source, accounts, queues, problems);

  let graceMinutes = 360;
  if (data.publish?.grace !== undefined) {
    const ms = parseDuration(data.publish.grace);
    if (ms === undefined) {
      problems.push(
        makeProblem('field-invalid', source.locate(['publish', 'grace']), ['publish', 'grace'], {
          detail: `"${data.publish.grace}" is not a duration`,
          hint: 'write a number and a unit: 30m, 6h, 1d',
        }),
      );
      ok = false;
    } else graceMinutes = ms / 60_000;
  }

  const branchProblem = data.publish?.branch !== undefined ? branchNameProblem(data.publish.branch) : undefined;
  if (branchProblem) {
    problems.push(
      makeProblem('field-invalid', source.locate(['publish', 'branch']), ['publish', 'branch'], {
        detail: `"${data.publish!.branch}" is not a valid git branch name: ${branchProblem}`,
        hint: 'use letters, digits, "-", "_", "." and "/" between parts, e.g. socialcal-ledger',
      }),
    );
    ok = false;
  }

  const remoteProblem = data.publish?.remote !== undefined ? remoteNameProblem(data.publish.remote) : undefined;
  if (remoteProblem) {
    problems.push(
      makeProblem('field-invalid', source.locate(['publish', 'remote']), ['publish', 'remote'], {
        detail: `"${data.publish!.remote}" is not a valid git remote name: ${remoteProblem}`,
        hint: 'give the name of a remote of the calendar repository (`git remote -v` lists them), e.g. origin',
      }),
    );
    ok = false;
  }
  // A broken listening section is reported; the calendar itself still loads without it.
  const listening = loadListening(data.listening, accounts, source, problems);

  if (!ok) return undefined;
  return {
    file: file.path,
    timezone: data.timezone,
    accounts,
    roles: Object.assign(Object.create(null) as Record<string, string[]>, data.roles),
    rules,
    blackouts,
    pillars: data.pillars ?? [],
    queues,
    feeds,
    publish: {
      graceMinutes,
      concurrency: data.publish?.concurrency ?? 4,
      onUnknown: data.publish?.unknown ?? 'hold',
      ledgerBranch: data.publish?.branch ?? 'socialcal-ledger',
      remote: data.publish?.remote ?? 'origin',
      ledger: data.publish?.ledger ?? 'remote',
      committer: data.publish?.committer,
    },
    ...(listening ? { listening } : {}),
    source,
  };
}

const DAY_NUMBERS: Record<string, number> = Object.fromEntries(
  WEEKDAYS.flatMap((d, i) => [
    [d, i + 1],
    [['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'][i], i + 1],
  ]),
);

function loadQueues(data: ConfigInput, source: SourceMap, accounts: Record<string, Account>, problems: Problem[]): Record<string, Queue> {
  const queues: Record<string, Queue> = Object.create(null);
  for (const [name, input] of Object.entries(data.queues ?? {})) {
    const path: FieldPath = ['queues', name];
    const zone = input.timezone !== undefined && zoneOk(input.timezone, source, [...path, 'timezone'], problems) ? input.timezone : data.timezone;
    if (input.slots.length === 0) problems.push(makeProblem('queue-no-slots', source.locate([...path, 'slots']), [...path, 'slots'], { name }));
    const slots: Slot[] = input.slots.map((slot, index) => {
      const at: FieldPath = [...path, 'slots', index];
      const times = slot.times.flatMap((text, i) => {
        const minutes = clockMinutes(text);
        if (minutes === undefined) problems.push(makeProblem('queue-time', source.locate([...at, 'times', i]), [...at, 'times', i], { text }));
        return minutes === undefined ? [] : [minutes];
      });
      slot.accounts?.forEach((account, i) => {
        if (!accounts[account]) problems.push(unknownAccount(account, accounts, source, [...at, 'accounts', i]));
      });
      slot.pillars?.forEach((pillar, i) => {
        if (!(data.pillars ?? []).includes(pillar)) {
          problems.push(
            makeProblem('ref-pillar', source.locate([...at, 'pillars', i]), [...at, 'pillars', i], {
              name: pillar,
              known: (data.pillars ?? []).join(', ') || '(none: add `pillars:` to socialcal.yaml)',
            }),
          );
        }
      });
      return {
        days: [...new Set(slot.days.map((d) => DAY_NUMBERS[d]))].sort((a, b) => a - b),
        times: [...new Set(times)].sort((a, b) => a - b),
        accounts: slot.accounts,
        pillars: slot.pillars,
        index,
      };
    });
    queues[name] = { name, timezone: zone, slots };
  }
  return queues;
}

/** `HH:MM` → minutes after midnight. */
function clockMinutes(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m || +m[1] > 23 || +m[2] > 59) return undefined;
  return +m[1] * 60 + +m[2];
}

// ── campaigns ───────────────────────────────────────────────────────────────

function loadCampaign(file: CalendarFile, configZone: string, problems: Problem[], cache?: CacheUse): Campaign | undefined {
  const parsed = cache ? parseCachedFile<CampaignInput>(file, campaignSchema, problems, cache) : parseFile<CampaignInput>(file, campaignSchema, problems);
  if (!parsed) return undefined;
  const { data, source } = parsed;
  const id = data.id ?? baseName(file.path);
  if (!idOk(id, source, problems)) return undefined;
  const before = problems.length;
  if (data.timezone !== undefined) zoneOk(data.timezone, source, ['timezone'], problems);
  const zone = data.timezone !== undefined && isValidZone(data.timezone) ? data.timezone : configZone;

  const starts = data.starts !== undefined ? resolveTime(data.starts, zone, source, ['starts'], problems, {}) : undefined;
  const ends = data.ends !== undefined ? resolveTime(data.ends, zone, source, ['ends'], problems, { endOfDay: true }) : undefined;
  if (starts && ends && ends < starts) {
    problems.push(
      makeProblem('date-order', source.locate(['ends']), ['ends'], { start: 'starts', end: 'ends', startText: data.starts!, endText: data.ends! }),
    );
  }
  (data.kpis ?? []).forEach((k, i) => {
    if (k.name === undefined && k.metric === undefined) problems.push(makeProblem('kpi-unnamed', source.locate(['kpis', i]), ['kpis', i]));
  });
  const milestones: Milestone[] = [];
  for (const [mid, value] of Object.entries(data.milestones ?? {})) {
    const text = typeof value === 'string' ? value : value.at;
    const path = typeof value === 'string' ? ['milestones', mid] : ['milestones', mid, 'at'];
    const at = resolveTime(text, zone, source, path, problems, {});
    if (at) milestones.push({ id: mid, at, atText: text, title: typeof value === 'string' ? undefined : value.title });
  }
  if (problems.length > before) return undefined;
  return {
    id,
    file: file.path,
    name: data.name,
    timezone: zone,
    starts,
    ends,
    startsText: data.starts,
    endsText: data.ends,
    objective: data.objective,
    owner: data.owner,
    kpis: (data.kpis ?? []).map((k) => ({ ...k, name: k.name ?? k.metric ?? 'KPI' })),
    ...(data.budget ? { budget: { ...data.budget, boosts: data.budget.boosts ?? [] } } : {}),
    utm: data.utm,
    milestones,
    source,
  };
}

// ── posts ───────────────────────────────────────────────────────────────────

interface PostContext {
  config?: Config;
  campaigns: Map<string, Campaign>;
  zone: string;
  media: CalendarFiles['media'];
  cache?: CacheUse;
}

function loadPost(file: CalendarFile, ctx: PostContext, problems: Problem[]): (Post | QueuedPost)[] {
  const parsed = ctx.cache ? parseCachedFile<PostInput>(file, postSchema, problems, ctx.cache) : parseFile<PostInput>(file, postSchema, problems);
  if (!parsed) return [];
  const { data, source } = parsed;
  const id = data.id ?? baseName(file.path);
  if (!idOk(id, source, problems)) return [];
  const before = problems.length;

  const campaign = data.campaign !== undefined ? ctx.campaigns.get(data.campaign) : undefined;
  if (data.campaign !== undefined && !campaign) {
    const suggestion = didYouMean(data.campaign, ctx.campaigns.keys()) ?? '';
    problems.push(makeProblem('ref-campaign', source.locate(['campaign']), ['campaign'], { name: data.campaign, suggestion }));
  }
  if (data.timezone !== undefined) zoneOk(data.timezone, source, ['timezone'], problems);
  const zone = data.timezone !== undefined && isValidZone(data.timezone) ? data.timezone : (campaign?.timezone ?? ctx.zone);
  const queued = data.at === undefined || data.at.trim() === NEXT_SLOT;
  const at = queued ? undefined : resolvePostTime(data.at!, zone, campaign, data.campaign, source, problems);
  // An evergreen post keeps its queue next to `at`: its next occurrences take that queue's slots.
  const queue = queued || (data.evergreen && data.queue !== undefined) ? queueOf(data, ctx.config, source, problems) : undefined;
  if (!queued && data.queue !== undefined && !data.evergreen) {
    problems.push(makeProblem('queue-and-at', source.locate(['queue']), ['queue'], { at: data.at!, queue: data.queue }));
  }

  const accounts = ctx.config?.accounts;
  if (accounts) {
    data.channels.forEach((name, i) => {
      if (!accounts[name]) problems.push(unknownAccount(name, accounts, source, ['channels', i]));
    });
    const targets = new Set(data.channels.flatMap((c) => (accounts[c] ? [c, accounts[c].platform] : [c])));
    for (const key of Object.keys(data.overrides ?? {})) {
      if (!targets.has(key)) {
        problems.push(
          makeProblem('ref-override', source.locate(['overrides', key], { key: true }), ['overrides', key], {
            name: key,
            known: [...targets].join(', '),
          }),
        );
      }
    }
  }
  if (data.pillar !== undefined && ctx.config && !ctx.config.pillars.includes(data.pillar)) {
    problems.push(
      makeProblem('ref-pillar', source.locate(['pillar']), ['pillar'], {
        name: data.pillar,
        known: ctx.config.pillars.join(', ') || '(none: add `pillars:` to socialcal.yaml)',
      }),
    );
  }

  const media = (list: PostInput['media'], path: FieldPath): MediaRef[] =>
    (list ?? []).map((m, i) => {
      const info = ctx.media(m.file);
      const where: FieldPath = [...path, i, 'file'];
      const problem = mediaProblem(m.file, info);
      if (problem) problems.push(makeProblem(problem.code, source.locate(where), where, problem.data));
      return { file: m.file, alt: m.alt, size: info.size, exists: info.exists && !problem };
    });
  const thread = (list: PostInput['thread'], path: FieldPath): ThreadItem[] =>
    (list ?? []).map((item, i) => ({ text: item.text, media: media(item.media, [...path, i, 'media']) }));

  // A card thumbnail is uploaded like media, so it passes the same checks (a URL is fetched by the platform).
  const thumb = data.card?.thumb;
  if (thumb !== undefined && !/^https?:\/\//i.test(thumb)) {
    const problem = mediaProblem(thumb, ctx.media(thumb));
    if (problem) problems.push(makeProblem(problem.code, source.locate(['card', 'thumb']), ['card', 'thumb'], problem.data));
  }
  const overrides: Record<string, PostOverride> = Object.create(null);
  for (const [key, o] of Object.entries(data.overrides ?? {})) {
    overrides[key] = {
      text: o.text,
      media: o.media ? media(o.media, ['overrides', key, 'media']) : undefined,
      thread: o.thread ? thread(o.thread, ['overrides', key, 'thread']) : undefined,
    };
  }
  let stagger: Post['stagger'];
  if (data.stagger !== undefined) {
    const read = readStagger(data.stagger, data.channels);
    stagger = read.stagger;
    for (const issue of read.issues) {
      const key = issue.path.length > 1 && issue.code === 'stagger-account';
      problems.push(makeProblem(issue.code, source.locate(issue.path, { key }), issue.path, issue.data, issue.code === 'stagger-single' ? 'warning' : 'error'));
    }
  }
  const fields: Omit<Post, 'at' | 'atText'> = {
    id,
    file: file.path,
    timezone: zone,
    channels: data.channels,
    campaign: data.campaign,
    tags: data.tags ?? [],
    pillar: data.pillar,
    status: data.status ?? 'ready',
    notes: data.notes,
    langs: data.langs,
    card: data.card,
    ...(data.reply_to !== undefined ? { replyTo: data.reply_to } : {}),
    text: data.text,
    media: media(data.media, ['media']),
    thread: thread(data.thread, ['thread']),
    overrides,
    ...(stagger ? { stagger } : {}),
    source,
  };
  const rotation = data.evergreen ? evergreenOf(data, queue, at, zone, ctx.config, source, problems) : undefined;
  // An evergreen post that cannot rotate is left out rather than treated as a plain post.
  if (data.evergreen && !rotation) return [];
  if (queued) return queue === undefined ? [] : [{ ...fields, queue, priority: data.priority ?? 0, ...(rotation ? { series: id, evergreen: rotation.evergreen } : {}) }];
  // A post whose time or references are broken still counts for duplicate ids,
  // but is left out of the calendar so nothing acts on it.
  if (problems.length > before && !at) return [];
  const post: Post = { ...fields, at: at ?? new Date(0), atText: data.at! };
  if (rotation && at) {
    const times = [...rotation.history, { at, text: data.at! }];
    return times.map((t, i) => ({
      ...post,
      series: id,
      evergreen: { ...rotation.evergreen, latest: i === times.length - 1 },
      id: i === 0 ? id : `${id}@${formatWall(t.at, zone).slice(0, 10)}`,
      at: t.at,
      atText: t.text,
    }));
  }
  if (!data.repeat || !at) return [post];
  const rule = repeatRule(data.repeat, at, zone, source, problems);
  if (!rule) return [post];
  const series: Post = { ...post, series: id, repeat: { ...data.repeat } };
  return [series, ...laterOccurrences(at, zone, rule).map((o) => ({ ...series, id: `${id}@${o.wall.slice(0, 10)}`, at: o.at, atText: o.wall }))];
}

const ISO_DAY: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/** The post's `repeat`, checked: located problems for what cannot work, a warning for skipped months. */
function repeatRule(input: NonNullable<PostInput['repeat']>, at: Date, zone: string, source: SourceMap, problems: Problem[]): RepeatRule | undefined {
  const invalid = (field: string, detail: string, hint: string) => {
    problems.push(makeProblem('repeat-invalid', source.locate(['repeat', field]), ['repeat', field], { detail, hint }));
    return undefined;
  };
  const every = parseEvery(input.every);
  if (!every) return invalid('every', `"${input.every}" is not a repeat interval`, 'write a number and days, weeks or months: `2 weeks`, `1 month`, `10d`');
  const weekday = input.weekday === undefined ? undefined : ISO_DAY[input.weekday.slice(0, 3)];
  if (every.unit !== 'month' && (input.weekday !== undefined || input.nth !== undefined)) {
    return invalid(input.weekday !== undefined ? 'weekday' : 'nth', '`weekday` and `nth` only go with a monthly repeat', 'use `every: 1 month` with them, or drop them: weekly repeats keep the weekday of `at`');
  }
  if (input.nth !== undefined && weekday === undefined) return invalid('nth', '`nth` needs a `weekday`', 'add e.g. `weekday: mon` for the nth Monday of the month');
  let until: Date | undefined;
  if (input.until !== undefined) {
    until = resolveTime(input.until, zone, source, ['repeat', 'until'], problems, { endOfDay: true });
    if (!until) return undefined;
    if (until < at) return invalid('until', `\`until\` (${input.until}) is before the first occurrence (${formatWall(at, zone)})`, 'move `until` later, or remove `repeat`');
  }
  const nth = input.nth === 'last' ? -1 : input.nth;
  const day = wallParts(at, zone).day;
  const skips = every.unit !== 'month' ? undefined : weekday !== undefined ? (nth === 5 ? `a 5th ${WEEKDAY_NAMES[weekday - 1]}` : undefined) : day > 28 ? `a ${ordinal(day)} day` : undefined;
  if (skips) {
    problems.push(
      makeProblem('repeat-skips', source.locate(['repeat', weekday !== undefined ? 'nth' : 'every']), ['repeat'], {
        what: skips,
        hint: weekday !== undefined ? '`nth: last` repeats on the last one of every month' : 'start on a day up to the 28th to post every month',
      }, 'warning'),
    );
  }
  return { ...every, weekday, nth, until, count: input.count };
}

/**
 * The post's evergreen rotation, checked, with its earlier occurrences (`history`): located
 * problems for what cannot rotate (no queue, `repeat` as well, a gap under a week, occurrences
 * out of order or closer than `every`, more than `count`, after `until`).
 */
function evergreenOf(
  data: PostInput,
  queue: string | undefined,
  at: Date | undefined,
  zone: string,
  config: Config | undefined,
  source: SourceMap,
  problems: Problem[],
): { evergreen: Evergreen; history: { at: Date; text: string }[] } | undefined {
  const input = data.evergreen!;
  const invalid = (path: FieldPath, detail: string, hint: string) => {
    problems.push(makeProblem('evergreen-invalid', source.locate(path, { key: path.length === 1 }), path, { detail, hint }));
    return undefined;
  };
  if (data.repeat) {
    return invalid(['evergreen'], 'a post cannot both `repeat` and be `evergreen`', '`repeat` posts on a fixed rhythm; `evergreen` re-queues the post after it went out. Keep one of them');
  }
  if (data.queue === undefined) {
    const known = Object.keys(config?.queues ?? {}).join(', ');
    return invalid(['evergreen'], "an evergreen post needs `queue: <name>`: its next occurrences take that queue's slots", known ? `add \`queue: <name>\` with one of: ${known}` : 'add a queue and its slots under `queues:` in socialcal.yaml (see docs/planning.md), then `queue: <name>` here');
  }
  if (queue === undefined) return undefined;
  const every = parseEvery(input.every);
  if (!every) return invalid(['evergreen', 'every'], `"${input.every}" is not a gap`, 'write a number and days, weeks or months: `60 days`, `8 weeks`, `3 months`');
  if (!saneGap(every)) {
    return invalid(['evergreen', 'every'], `every ${input.every} is too often for an evergreen post: the gap is at least ${MIN_EVERGREEN_DAYS} days`, 'evergreen content comes back after weeks or months; for a fixed rhythm use `repeat`');
  }
  let until: Date | undefined;
  if (input.until !== undefined) {
    until = resolveTime(input.until, zone, source, ['evergreen', 'until'], problems, { endOfDay: true });
    if (!until) return undefined;
  }
  const history: { at: Date; text: string }[] = [];
  for (const [i, text] of (input.history ?? []).entries()) {
    const when = resolveTime(text, zone, source, ['evergreen', 'history', i], problems, {});
    if (!when) return undefined;
    history.push({ at: when, text });
  }
  if (history.length > 0 && !at) {
    return invalid(['evergreen', 'history'], '`evergreen.history` lists earlier occurrences but the post has no `at`', 'put the latest occurrence back in `at`: `socialcal schedule` moves it into the history when it gives the post its next slot');
  }
  const times = at ? [...history, { at, text: data.at! }] : [];
  for (let i = 1; i < times.length; i++) {
    const earliest = notBefore(times[i - 1].at, zone, every);
    if (times[i].at < earliest) {
      const path: FieldPath = i < history.length ? ['evergreen', 'history', i] : ['at'];
      return invalid(path, `the occurrence at ${times[i].text} comes sooner than every ${input.every} after the one at ${times[i - 1].text}`, `move it to ${formatWall(earliest, zone).slice(0, 10)} or later, or shorten \`every\` (history is oldest first, \`at\` the latest)`);
    }
  }
  if (input.count !== undefined && times.length > input.count) {
    return invalid(['evergreen', 'count'], `count is ${input.count} but the post already has ${times.length} occurrences`, 'raise `count`, or remove occurrences from `evergreen.history`');
  }
  if (until && times.length > 0 && times[times.length - 1].at > until) {
    return invalid(['evergreen', 'until'], `the occurrence at ${times[times.length - 1].text} is after \`until\` (${input.until})`, 'move `until` later, or the occurrence earlier');
  }
  return {
    evergreen: { queue, every, everyText: input.every, until, count: input.count, priority: data.priority ?? 0, occurrences: times.length, latest: times.length === 0 },
    history,
  };
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function ordinal(n: number): string {
  return `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`;
}

/** `at: next-slot` says "the queue's next free slot", like leaving `at` out. */
const NEXT_SLOT = 'next-slot';

/** The queue a post without a time waits in: its `queue`, else the config's `default` or only queue. */
function queueOf(data: PostInput, config: Config | undefined, source: SourceMap, problems: Problem[]): string | undefined {
  const known = Object.keys(config?.queues ?? {});
  if (data.queue === undefined) {
    const name = known.includes('default') ? 'default' : known.length === 1 ? known[0] : undefined;
    if (name === undefined) problems.push(makeProblem('queue-unnamed', source.locate(['at']), ['at'], { known: known.join(', ') }));
    return name;
  }
  if (config && !known.includes(data.queue)) {
    problems.push(
      makeProblem('ref-queue', source.locate(['queue']), ['queue'], {
        name: data.queue,
        suggestion: didYouMean(data.queue, known) ?? '',
        known: known.join(', '),
      }),
    );
    return undefined;
  }
  return data.queue;
}

/** Why a media path may not be used, if it may not; see repo-path.ts for who decides. */
function mediaProblem(file: string, info: MediaInfo): { code: ProblemCode; data: Record<string, string> } | undefined {
  if (info.outside) return { code: 'media-outside', data: { file } };
  if (info.git) return { code: 'media-in-git', data: { file } };
  if (!info.exists) return { code: 'media-missing', data: { file } };
  if (info.notAFile) return { code: 'media-not-regular', data: { file, type: info.notAFile } };
  const type = mimeOf(file);
  if (info.head && type && !contentMatches(type, info.head)) return { code: 'media-content', data: { file, type } };
  return undefined;
}

function resolvePostTime(
  text: string,
  zone: string,
  campaign: Campaign | undefined,
  campaignId: string | undefined,
  source: SourceMap,
  problems: Problem[],
): Date | undefined {
  // Milestone-relative times only mean something inside a campaign.
  const relative = campaignId === undefined ? undefined : resolveMilestoneTime(text, campaign, zone);
  if (!relative) return resolveTime(text, zone, source, ['at'], problems, {});
  if (relative.ok) return resolveTime(relative.wall, zone, source, ['at'], problems, {});
  if (relative.reason === 'range') {
    problems.push(makeProblem('time-range', source.locate(['at']), ['at'], { text }));
    return undefined;
  }
  problems.push(
    makeProblem('time-milestone', source.locate(['at']), ['at'], {
      milestone: relative.milestone,
      campaign: campaignId ?? '',
      known: campaign?.milestones.map((m) => m.id).join(', ') ?? '',
    }),
  );
  return undefined;
}

function resolveTime(
  text: string,
  zone: string,
  source: SourceMap,
  path: FieldPath,
  problems: Problem[],
  opts: { endOfDay?: boolean },
): Date | undefined {
  const result = parseWallTime(text, zone);
  if (result.ok) {
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
    return opts.endOfDay && dateOnly ? endOfDay(text.trim(), zone) : result.instant;
  }
  const at = source.locate(path);
  switch (result.reason) {
    case 'format':
      problems.push(makeProblem('time-format', at, path, { text }));
      break;
    case 'offset':
      problems.push(makeProblem('time-offset', at, path, { text, offset: result.offset }));
      break;
    case 'zone':
      break; // reported where the zone is written
    case 'gap':
      problems.push(makeProblem('time-gap', at, path, { text, zone, suggestion: result.suggestion }));
      break;
    case 'ambiguous':
      problems.push(makeProblem('time-ambiguous', at, path, { text, zone, first: result.first, second: result.second }));
      break;
  }
  return undefined;
}

function zoneOk(zone: string, source: SourceMap, path: FieldPath, problems: Problem[]): boolean {
  if (isValidZone(zone)) return true;
  const suggestion = didYouMean(zone, zoneNames()) ?? '';
  problems.push(makeProblem('time-zone', source.locate(path), path, { zone, suggestion }));
  return false;
}

/** A boost names a post (any post: a campaign may boost one outside it) and one of its channels. */
function boostProblems(campaign: Campaign, posts: Map<string, Post>): Problem[] {
  return (campaign.budget?.boosts ?? []).flatMap((boost, i) => {
    const post = posts.get(boost.post);
    if (!post) {
      const path = ['budget', 'boosts', i, 'post'];
      return [makeProblem('ref-post', campaign.source.locate(path), path, { name: boost.post, suggestion: didYouMean(boost.post, posts.keys()) ?? '' })];
    }
    if (boost.account === undefined || post.channels.includes(boost.account)) return [];
    const path = ['budget', 'boosts', i, 'account'];
    return [
      makeProblem('boost-account', campaign.source.locate(path), path, {
        post: post.id,
        name: boost.account,
        suggestion: didYouMean(boost.account, post.channels) ?? '',
        known: post.channels.join(', '),
      }),
    ];
  });
}

function idOk(id: string, source: SourceMap, problems: Problem[]): boolean {
  if (ID.test(id)) return true;
  problems.push(makeProblem('id-invalid', source.locate(['id']), 'id', { id }));
  return false;
}

function unknownAccount(name: string, accounts: Record<string, Account>, source: SourceMap, path: FieldPath): Problem {
  const known = Object.keys(accounts);
  return makeProblem('ref-account', source.locate(path), path, {
    name,
    suggestion: didYouMean(name, known) ?? '',
    known: known.join(', '),
  });
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
}

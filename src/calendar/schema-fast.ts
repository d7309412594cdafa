import { POST_STATUSES } from './model.js';
import type { PostInput } from './schema.js';

// Validating a post with zod is most of what loading a post costs after parsing. Most posts use
// a handful of fields with plain values: those are checked here by hand and come out as zod's
// own result would (the same values, keys in the schema's order, new arrays and maps). Anything
// else — another field, a wrong type, a missing one — returns undefined and goes to zod, which
// then reports it as before. test/calendar/schema-fast.test.ts holds the two to the same result.

type Map = Record<string, unknown>;

/** Fields checked here, in the order of postSchema's shape (zod's output keeps that order). */
const POST_FIELDS = ['id', 'at', 'queue', 'timezone', 'channels', 'campaign', 'tags', 'pillar', 'text', 'media', 'thread', 'overrides', 'status', 'notes', 'langs'] as const;
const POST_KEYS = new Set<string>(POST_FIELDS);
const STATUSES = new Set<unknown>(POST_STATUSES);

/** postSchema's result for a plainly well-formed post, or undefined when zod must judge it. */
export function quickPostInput(value: unknown): PostInput | undefined {
  if (!isMap(value) || !keysWithin(value, POST_KEYS)) return undefined;
  // A post needs a time or a queue (the schema's refinement).
  if (value.at === undefined && value.queue === undefined) return undefined;
  const out: Map = {};
  for (const key of POST_FIELDS) {
    const v = value[key];
    if (v === undefined) {
      // Required fields.
      if (key === 'channels' || key === 'text') return undefined;
      continue;
    }
    const checked = FIELD[key](v);
    if (checked === undefined) return undefined;
    out[key] = checked;
  }
  return out as PostInput;
}

const FIELD: Record<(typeof POST_FIELDS)[number], (v: unknown) => unknown> = {
  id: (v) => (typeof v === 'string' && v.length >= 1 && v.length <= 100 ? v : undefined),
  at: string,
  queue: slug,
  timezone: string,
  channels: (v) => (Array.isArray(v) && v.length >= 1 ? list(v, slug) : undefined),
  campaign: slug,
  tags: (v) => list(v, string),
  pillar: string,
  text: string,
  media: (v) => list(v, media),
  thread: (v) => list(v, threadItem),
  overrides: (v) => record(v, override),
  status: (v) => (STATUSES.has(v) ? v : undefined),
  notes: string,
  langs: (v) => (Array.isArray(v) && v.length <= 3 ? list(v, string) : undefined),
};

const MEDIA_KEYS = new Set(['file', 'alt']);
const THREAD_KEYS = new Set(['text', 'media']);
const OVERRIDE_KEYS = new Set(['text', 'media', 'thread']);

function media(v: unknown): Map | undefined {
  if (!isMap(v) || !keysWithin(v, MEDIA_KEYS) || !slug(v.file)) return undefined;
  if (v.alt === undefined) return { file: v.file };
  return string(v.alt) === undefined ? undefined : { file: v.file, alt: v.alt };
}

function threadItem(v: unknown): Map | undefined {
  if (!isMap(v) || !keysWithin(v, THREAD_KEYS) || string(v.text) === undefined) return undefined;
  if (v.media === undefined) return { text: v.text };
  const m = list(v.media, media);
  return m === undefined ? undefined : { text: v.text, media: m };
}

function override(v: unknown): Map | undefined {
  if (!isMap(v) || !keysWithin(v, OVERRIDE_KEYS)) return undefined;
  const out: Map = {};
  if (v.text !== undefined) {
    if (string(v.text) === undefined) return undefined;
    out.text = v.text;
  }
  if (v.media !== undefined) {
    const m = list(v.media, media);
    if (m === undefined) return undefined;
    out.media = m;
  }
  if (v.thread !== undefined) {
    const t = list(v.thread, threadItem);
    if (t === undefined) return undefined;
    out.thread = t;
  }
  return out;
}

function string(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function slug(v: unknown): string | undefined {
  return typeof v === 'string' && v.length >= 1 ? v : undefined;
}

/** A new list of the checked items, or undefined when one fails. */
function list<T>(v: unknown, item: (x: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: T[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const checked = item(v[i]);
    if (checked === undefined) return undefined;
    out[i] = checked;
  }
  return out;
}

/** A new map of the checked values; a key `__proto__` (which `=` would not copy) goes to zod. */
function record(v: unknown, value: (x: unknown) => Map | undefined): Map | undefined {
  if (!isMap(v)) return undefined;
  const out: Map = {};
  for (const key of Object.keys(v)) {
    if (key === '__proto__') return undefined;
    const checked = value(v[key]);
    if (checked === undefined) return undefined;
    out[key] = checked;
  }
  return out;
}

/** A plain map as a YAML parser makes it (not a list, a date or another class). */
function isMap(v: unknown): v is Map {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}

function keysWithin(v: Map, known: ReadonlySet<string>): boolean {
  for (const key in v) if (!known.has(key)) return false;
  return true;
}

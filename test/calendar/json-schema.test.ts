import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMA_KINDS } from '../../src/calendar/json-schema.js';
import type { SchemaKind } from '../../src/calendar/schema.js';

// The JSON Schemas as editors read them: the files in schemas/, checked by ajv (a validator we
// did not write) against the example calendars, and documented property by property.

const ROOT = join(import.meta.dirname, '../..');
const schemas = Object.fromEntries(
  SCHEMA_KINDS.map((kind) => [kind, JSON.parse(readFileSync(join(ROOT, 'schemas', `${kind}.schema.json`), 'utf8')) as Record<string, unknown>]),
) as Record<SchemaKind, Record<string, unknown>>;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

function kindOf(path: string): SchemaKind {
  return path === 'socialcal.yaml' ? 'config' : path.startsWith('campaigns/') ? 'campaign' : 'post';
}

/** Every `properties` entry in a schema, with its path, following items, maps and unions. */
function properties(node: unknown, path = ''): [string, Record<string, unknown>][] {
  if (node === null || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  const out: [string, Record<string, unknown>][] = [];
  for (const [key, value] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    out.push([`${path}.${key}`, value], ...properties(value, `${path}.${key}`));
  }
  if (n.items) out.push(...properties(n.items, `${path}[]`));
  if (n.additionalProperties) out.push(...properties(n.additionalProperties, `${path}.*`));
  for (const key of ['anyOf', 'oneOf', 'allOf']) for (const alt of (n[key] ?? []) as unknown[]) out.push(...properties(alt, path));
  for (const [name, def] of Object.entries((n.$defs ?? {}) as Record<string, unknown>)) out.push(...properties(def, `$defs.${name}`));
  return out;
}

describe('JSON Schemas', () => {
  it('each has its own $id and a title', () => {
    const ids = SCHEMA_KINDS.map((kind) => schemas[kind].$id);
    expect(ids).toEqual(SCHEMA_KINDS.map((kind) => `urn:socialcal:schema:${kind}`));
    for (const kind of SCHEMA_KINDS) expect(schemas[kind].title).toBe(`socialcal ${kind}`);
  });

  it.each(SCHEMA_KINDS)('%s: every property has a description', (kind) => {
    const all = properties(schemas[kind]);
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter(([, p]) => typeof p.description !== 'string' || p.description.length === 0).map(([path]) => path)).toEqual([]);
  });

  const ajv = new Ajv2020({ allErrors: true, strict: true });
  // z.url() writes format: uri; ajv knows no formats without ajv-formats, so check it with WHATWG URL.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  const validators = Object.fromEntries(SCHEMA_KINDS.map((kind) => [kind, ajv.compile(schemas[kind])]));
  const exampleDir = join(ROOT, 'examples/calendar');
  const examples = yamlFiles(exampleDir);

  it('finds the example calendar', () => {
    expect(examples).toContain('socialcal.yaml');
    expect(examples.filter((f) => f.startsWith('posts/')).length).toBeGreaterThan(10);
  });

  it.each(examples)('ajv accepts examples/calendar/%s', (file) => {
    const value = parse(readFileSync(join(exampleDir, file), 'utf8'), { version: '1.2', schema: 'core' });
    const validate = validators[kindOf(file)];
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    ['posts/unknown-field.yaml', 'additionalProperties'],
    ['posts/wrong-type.yaml', 'type'],
    ['posts/missing-text.yaml', 'required'],
    ['posts/bad-status.yaml', 'enum'],
  ])('ajv refuses examples/broken/%s as the loader does (%s)', (file, keyword) => {
    const value = parse(readFileSync(join(ROOT, 'examples/broken', file), 'utf8'), { version: '1.2', schema: 'core' });
    const validate = validators[kindOf(file)];
    expect(validate(value)).toBe(false);
    expect(validate.errors!.map((e) => e.keyword)).toContain(keyword);
  });
});

import { isDeepStrictEqual } from 'node:util';
import type { FieldPath } from '../calendar/model.js';
import type { YamlEdit } from '../calendar/yaml-edit.js';

// The editor sends a post's fields as it wants them; the file changes only where they differ.
// Maps are compared key by key and lists of the same length item by item, so fixing one
// thread item's text rewrites that one value and leaves its neighbours' formatting alone.

export function fieldEdits(before: unknown, after: unknown, path: FieldPath = []): YamlEdit[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (isMap(before) && isMap(after)) {
    const edits: YamlEdit[] = [];
    for (const key of Object.keys(before)) if (!(key in after)) edits.push({ path: [...path, key], value: undefined });
    for (const [key, value] of Object.entries(after)) edits.push(...fieldEdits(before[key], value, [...path, key]));
    return edits;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return after.flatMap((value, i) => fieldEdits(before[i], value, [...path, i]));
  }
  return [{ path, value: after === null ? undefined : after }];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

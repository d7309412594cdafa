import { diffArrays } from 'diff';
import { Composer, CST, isCollection, isScalar, parse, parseDocument, Parser, type Document, type Scalar } from 'yaml';
import type { FieldPath } from './model.js';

// Changes fields of a YAML file the way a person would, so a diff shows only the edited values.
// A new value for an existing scalar is written into the source tokens (yaml's CST): the rest
// of the file, comments and spacing included, stays byte for byte. Added, removed or reshaped
// fields go through the `yaml` document API (comments and key order stay), and every line that
// change does not touch is kept as it was.

export interface YamlEdit {
  path: FieldPath;
  /** undefined removes the field. */
  value: unknown;
}

const READ = { version: '1.2', schema: 'core' } as const;
const WRITE = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The file's text with `edits` applied. Throws when the text is not valid YAML. */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
  const { text: scalarsSet, rest } = setScalars(text, edits);
  if (rest.length === 0) return scalarsSet;
  const doc = parseDocument(scalarsSet, READ);
  const before = doc.toString(WRITE);
  for (const edit of rest) apply(doc, edit);
  return keepUntouchedLines(scalarsSet, before, doc.toString(WRITE));
}

/** Writes new values of existing scalars into the source; returns the edits it could not do so. */
function setScalars(text: string, edits: readonly YamlEdit[]): { text: string; rest: YamlEdit[] } {
  const tokens = [...new Parser().parse(text)];
  const docs = [...new Composer({ ...READ, keepSourceTokens: true }).compose(tokens)];
  const doc = docs[0];
  if (!doc || docs.length !== 1) throw new Error('cannot edit: the file must hold exactly one YAML document');
  if (doc.errors.length) throw new Error(`cannot edit invalid YAML: ${doc.errors[0].message}`);
  const rest: YamlEdit[] = [];
  for (const edit of edits) {
    const node = doc.getIn(edit.path, true);
    const value = edit.value;
    const token = isScalar(node) ? node.srcToken : undefined;
    if (!token || !(typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
      rest.push(edit);
      continue;
    }
    const afterKey = typeof edit.path[edit.path.length - 1] === 'string';
    CST.setScalarValue(token, String(value), { afterKey, type: scalarType(node as Scalar, value) });
  }
  return { text: tokens.map((t) => CST.stringify(t)).join(''), rest };
}

/** The style for a new value: the old one, unless the value needs quotes or lines of its own. */
function scalarType(node: Scalar, value: string | number | boolean): Scalar.Type | undefined {
  if (typeof value !== 'string') return 'PLAIN';
  const block = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
  if (value.includes('\n')) return block ? undefined : 'BLOCK_LITERAL';
  if (node.type !== 'PLAIN' && node.type !== undefined) return undefined;
  // Plain text must read back as the same string (not a number, a map, or cut at a #).
  let read: unknown;
  try {
    read = parse(value, READ);
  } catch {
    read = undefined;
  }
  return read === value ? 'PLAIN' : 'QUOTE_DOUBLE';
}

/** The file's fields as plain data (YAML 1.2 core schema: `at` stays a string). */
export function readYaml(text: string): Record<string, unknown> {
  const value = parseDocument(text, READ).toJS() as unknown;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function apply(doc: Document, edit: YamlEdit): void {
  if (edit.value === undefined) {
    if (doc.hasIn(edit.path)) doc.deleteIn(edit.path);
    return;
  }
  const old = doc.getIn(edit.path, true);
  const scalar = edit.value === null || typeof edit.value !== 'object';
  if (isScalar(old) && scalar) {
    // Setting the value on the node keeps its style (block text stays block) and its comment.
    old.value = edit.value;
    return;
  }
  const node = doc.createNode(edit.value);
  if (isCollection(old) && isCollection(node)) {
    node.flow = old.flow;
    node.comment = old.comment;
  }
  doc.setIn(edit.path, node);
}

/**
 * The document API normalises spacing it does not keep (`{ a: 1 }` becomes `{a: 1}`). When
 * the original and its normalised form have the same lines, each line the edit left alone is
 * taken from the original; otherwise the normalised text is returned as it is.
 */
function keepUntouchedLines(original: string, before: string, after: string): string {
  const orig = original.split('\n');
  const norm = before.split('\n');
  if (orig.length !== norm.length) return after;
  const out: string[] = [];
  let line = 0;
  for (const part of diffArrays(norm, after.split('\n'))) {
    if (part.added) out.push(...part.value);
    else if (part.removed) line += part.count ?? part.value.length;
    else {
      const n = part.count ?? part.value.length;
      out.push(...orig.slice(line, line + n));
      line += n;
    }
  }
  return out.join('\n');
}

import type { FieldPath } from './model.js';

// Finding the line of a field without parsing the file again, for the fields most findings
// point at: a top-level key (`text:`, `at:`, `pillar:`), its value on the same line or the block
// below it (`thread:` and its items), and an item of a one-line list of plain words
// (`tags: [product, launch]`). Anything else (nested fields, quotes inside a list, anchors,
// block scalars, a key written twice, a file that is not one block map) gets undefined, and the
// caller parses the file as before.
// test/calendar/quick-locate.test.ts holds it to the yaml library's positions.

const KEY = /^[A-Za-z_][\w-]*$/;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:\s|$)/m;
const FLOW_LIST = /^\[([^[\]{}"'#&*!|>]*)\][ \t]*(?:#.*)?$/;
const BLANK_OR_COMMENT = /^[ \t]*(?:#.*)?$/;
const PLAIN_KEY = /^[A-Za-z_][\w-]*:(?:[ \t]|$)/;

/** 1-based line and column of `path` in `text`, when a line scan can tell for certain. */
export function quickLocate(text: string, path: FieldPath, wantKey: boolean): { line: number; column: number } | undefined {
  if (path.length === 0 || path.length > 2 || typeof path[0] !== 'string' || !KEY.test(path[0])) return undefined;
  if (path.length === 2 && typeof path[1] !== 'number') return undefined;
  if (DOCUMENT_MARKER.test(text) || !startsAsBlockMap(text)) return undefined;
  const key = path[0];
  const found = keyLine(text, key);
  if (!found) return undefined;
  const { line, start, end } = found;
  if (wantKey && path.length === 1) return { line, column: 1 };
  const rest = text.slice(start + key.length + 1, end).replace(/\r$/, '');
  const gap = /^[ \t]*/.exec(rest)![0].length;
  const value = rest.slice(gap);
  // Nothing on the line (or a comment): the value is the block below, found where it starts.
  if (value === '' || value[0] === '#') return path.length === 1 ? blockBelow(text, end, line) : undefined;
  // What the yaml library positions its own way.
  if ('&!*|>%@`'.includes(value[0])) return undefined;
  const column = key.length + 2 + gap;
  if (path.length === 1) return { line, column };
  if (value[0] !== '[') return undefined;
  const list = FLOW_LIST.exec(value);
  if (!list) return undefined;
  const index = path[1] as number;
  // An empty list, or an index past the end: located at the list itself, as the yaml library does.
  if (list[1].trim() === '') return { line, column };
  const items = list[1].split(',');
  // A trailing comma ends the list; any other empty item, or a pair in the list, is left to the yaml library.
  if (items.length > 1 && items[items.length - 1].trim() === '') items.pop();
  if (items.some((item) => item.trim() === '' || /^[ \t]*[-?:](?:[ \t]|$)|:(?:[ \t]|$)/.test(item))) return undefined;
  if (index < 0 || index >= items.length) return { line, column };
  let offset = 1;
  for (let i = 0; i < index; i++) offset += items[i].length + 1;
  offset += /^[ \t]*/.exec(items[index])![0].length;
  return { line, column: column + offset };
}

/**
 * Where the block value that starts after the key's line (`keyLine`, ending at `end`) begins: its
 * first `- ` item or its first `key:`, indented (a list may also start at column 1). Undefined
 * for anything else.
 */
function blockBelow(text: string, end: number, keyLine: number): { line: number; column: number } | undefined {
  let line = keyLine;
  let start = end + 1;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const raw = text.slice(start, newline === -1 ? text.length : newline).replace(/\r$/, '');
    line++;
    if (!BLANK_OR_COMMENT.test(raw)) {
      const indent = /^ */.exec(raw)![0].length;
      const rest = raw.slice(indent);
      if (/^-(?:[ \t]|$)/.test(rest) && !/^-[ \t]*[&!*|>%@`]/.test(rest)) return { line, column: indent + 1 };
      if (indent > 0 && PLAIN_KEY.test(rest)) return { line, column: indent + 1 };
      return undefined;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** The first line that is not blank or a comment is a `key:` at column 1. */
function startsAsBlockMap(text: string): boolean {
  for (const raw of text.split('\n', 50)) {
    const line = raw.replace(/\r$/, '');
    if (BLANK_OR_COMMENT.test(line)) continue;
    return PLAIN_KEY.test(line);
  }
  return false;
}

/** The one line that starts with `key:`; undefined when there is none or more than one. */
function keyLine(text: string, key: string): { line: number; start: number; end: number } | undefined {
  const head = `${key}:`;
  let at = text.startsWith(head) ? 0 : -1;
  if (at === -1) {
    const i = text.indexOf(`\n${head}`);
    at = i === -1 ? -1 : i + 1;
  }
  if (at === -1) return undefined;
  const next = text[at + head.length];
  if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') return undefined;
  const from = at + head.length;
  // A second line with the same key: the yaml library reports it, not this scan.
  if (text.indexOf(`\n${head}`, from) !== -1) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
  const newline = text.indexOf('\n', at);
  return { line, start: at, end: newline === -1 ? text.length : newline };
}

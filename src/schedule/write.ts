import { isMap, isScalar, isSeq, parseDocument, type Pair } from 'yaml';

// Writing a chosen slot into a post file as a text edit: `queue: main` becomes `at: <time>` in
// place (or `at: next-slot` gets the time and the `queue` line goes), so comments, quoting, key
// order and every other byte of the file stay as the team wrote them.

/** The file's new text; throws when the text is not a post map with `at` or `queue` (the loader read it a moment ago). */
export function withSlot(text: string, atText: string): string {
  const { bom, body, doc, pairs } = readPostFile(text);
  const at = field(pairs, 'at');
  const queue = field(pairs, 'queue');
  const edits: { start: number; end: number; text: string }[] = [];
  if (at) {
    edits.push({ ...valueRange(at), text: atText });
    if (queue) {
      const line = ownLine(body, queue);
      if (!line) {
        doc.delete('queue');
        doc.set('at', atText);
        return bom + doc.toString();
      }
      edits.push({ ...line, text: '' });
    }
  } else if (queue) {
    const key = queue.key as { range: [number, number, number] };
    edits.push({ start: key.range[0], end: key.range[1], text: 'at' });
    edits.push({ ...valueRange(queue), text: atText });
  } else {
    throw new Error('a queued post has `at: next-slot` or `queue`');
  }
  let out = body;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return bom + out;
}

/** A post file's text without its BOM, parsed; throws when it is not a map. */
function readPostFile(text: string) {
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = text.slice(bom.length);
  const doc = parseDocument(body, { version: '1.2', schema: 'core', uniqueKeys: false });
  if (!isMap(doc.contents)) throw new Error('a post file must be a map');
  return { bom, body, doc, pairs: doc.contents.items as Pair[] };
}

function field(pairs: Pair[], key: string): Pair | undefined {
  return pairs.find((p) => isScalar(p.key) && p.key.value === key);
}

function valueRange(pair: Pair): { start: number; end: number } {
  const value = pair.value as { range?: [number, number, number] } | null;
  if (!value?.range) throw new Error('the field has no value to replace');
  return { start: value.range[0], end: value.range[1] };
}

/** The whole line of a block-map pair (with its newline), when the pair is alone on its line. */
function ownLine(text: string, pair: Pair): { start: number; end: number } | undefined {
  const keyStart = (pair.key as { range: [number, number, number] }).range[0];
  const start = text.lastIndexOf('\n', keyStart - 1) + 1;
  if (text.slice(start, keyStart).trim() !== '') return undefined;
  const newline = text.indexOf('\n', valueRange(pair).end);
  return { start, end: newline === -1 ? text.length : newline + 1 };
}

/**
 * An evergreen post's file with its next occurrence, as text edits: without a time yet, an
 * `at: <time>` line goes under `queue` (which stays: later occurrences take its slots too), or
 * `at: next-slot` gets the time; with a time, that time moves to the end of `evergreen.history`
 * and `at` gets the new one. Throws when the shape is not what the loader accepted a moment ago.
 */
export function withNextOccurrence(text: string, atText: string): string {
  const { bom, body, pairs } = readPostFile(text);
  const at = field(pairs, 'at');
  const edits: Edit[] = [];
  if (!at || (isScalar(at.value) && String(at.value.value).trim() === 'next-slot')) {
    if (at) edits.push({ ...valueRange(at), text: atText });
    else {
      const queue = field(pairs, 'queue');
      const line = queue && ownLine(body, queue);
      if (!line) throw new Error('an evergreen post without a time has `queue` on a line of its own');
      const indent = body.slice(line.start, (queue!.key as { range: [number, number, number] }).range[0]);
      edits.push(linesAfter(body, line.start, `${indent}at: ${atText}\n`));
    }
  } else {
    const previous = body.slice(valueRange(at).start, valueRange(at).end);
    edits.push({ ...valueRange(at), text: atText });
    edits.push(historyEdit(body, field(pairs, 'evergreen'), previous));
  }
  return bom + applyEdits(body, edits);
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Appends `time` to `evergreen.history`, block or flow style, creating the list when missing. */
function historyEdit(text: string, evergreen: Pair | undefined, time: string): Edit {
  const map = evergreen?.value;
  if (!isMap(map) || !map.range) throw new Error('the post has no `evergreen` map');
  const history = field(map.items as Pair[], 'history');
  if (history) {
    const list = history.value;
    if (!isSeq(list) || !list.range) throw new Error('`evergreen.history` is not a list');
    if (list.flow) {
      const close = text.lastIndexOf(']', list.range[1]);
      return { start: close, end: close, text: `${list.items.length > 0 ? ', ' : ''}${time}` };
    }
    const dash = list.range[0];
    const indent = dash - (text.lastIndexOf('\n', dash - 1) + 1);
    return linesAfter(text, list.range[1] - 1, `${' '.repeat(indent)}- ${time}\n`);
  }
  if (map.flow) {
    const close = text.lastIndexOf('}', map.range[1]);
    return { start: close, end: close, text: `${map.items.length > 0 ? ', ' : ''}history: [${time}]` };
  }
  const first = (map.items[0] as Pair).key as { range: [number, number, number] };
  const indent = first.range[0] - (text.lastIndexOf('\n', first.range[0] - 1) + 1);
  return linesAfter(text, map.range[1] - 1, `${' '.repeat(indent)}history:\n${' '.repeat(indent + 2)}- ${time}\n`);
}

/** Inserts whole lines after the line holding `offset` (the last line gets its newline first). */
function linesAfter(text: string, offset: number, lines: string): Edit {
  const newline = text.indexOf('\n', offset);
  const start = newline === -1 ? text.length : newline + 1;
  return { start, end: start, text: newline === -1 ? `\n${lines}` : lines };
}

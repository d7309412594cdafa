import { isMap, isScalar, parseDocument, type Pair } from 'yaml';

// Writing a chosen slot into a post file as a text edit: `queue: main` becomes `at: <time>` in
// place (or `at: next-slot` gets the time and the `queue` line goes), so comments, quoting, key
// order and every other byte of the file stay as the team wrote them.

/** The file's new text; throws when the text is not a post map with `at` or `queue` (the loader read it a moment ago). */
export function withSlot(text: string, atText: string): string {
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = text.slice(bom.length);
  const doc = parseDocument(body, { version: '1.2', schema: 'core', uniqueKeys: false });
  if (!isMap(doc.contents)) throw new Error('a post file must be a map');
  const pairs = doc.contents.items as Pair[];
  const at = pairs.find((p) => isScalar(p.key) && p.key.value === 'at');
  const queue = pairs.find((p) => isScalar(p.key) && p.key.value === 'queue');
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

import chalk from 'chalk';

// Everything socialcal prints passes through here. Calendar files are user data: a post text,
// a folder name or a YAML key can carry terminal escapes or a GitHub Actions workflow command
// (`::add-mask::`, `::stop-commands::`, a forged `::warning::`, legacy `##[…]`). The runner
// reads both stdout and stderr, trims each line and obeys a line that starts with `::`, or
// holds `##[` anywhere. So printed text is cleaned in one place, after rendering.

const ZWSP = '\u200b';
/** SGR (colour and weight) sequences, the only escapes our renderers emit. */
const SGR = /\u001b\[[0-9;]*m/y;
/** C0 controls but tab and newline, DEL and C1 controls (0x9b is a one-byte CSI). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/**
 * Removes control characters and escape sequences. With `colour`, SGR sequences stay (chalk's
 * colours, and at worst a user's colour change); cursor moves, screen clears, titles and
 * hyperlinks never reach the terminal.
 */
export function stripControls(text: string, colour = false): string {
  const normal = text.replace(/\r\n/g, '\n');
  let out = '';
  for (let i = 0; i < normal.length; i++) {
    const ch = normal[i];
    if (ch === '\u001b' && colour) {
      SGR.lastIndex = i;
      const m = SGR.exec(normal);
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    if (!CONTROL.test(ch)) out += ch;
  }
  return out;
}

/**
 * The same cleaning for views that draw themselves (the ink app): every string in plain data
 * (arrays and plain objects; dates and other objects stay as they are) without control characters.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return stripControls(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)])) as T;
  }
  return value;
}

/** Breaks workflow commands in user text: no line starts with `::`, no `##[` anywhere. */
export function neutraliseCommands(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, `$1:${ZWSP}`).replace(/##\[/g, `#${ZWSP}#[`);
}

/** What may reach a terminal or CI log from rendered text. */
export function safeText(text: string, colour = chalk.level > 0): string {
  return neutraliseCommands(stripControls(text, colour));
}

const C1_CONTROL = /[\u007f-\u009f]/;
const C1_CONTROLS = /[\u007f-\u009f]/g;

/**
 * JSON for stdout: JSON.stringify already escapes C0 controls and keeps user strings inside
 * quotes (so no line starts with `::`); the rest is escaped as \u sequences, which leaves
 * the parsed value unchanged.
 */
export function jsonText(data: unknown): string {
  let text = JSON.stringify(data, null, 2);
  // Tested first: a listing of thousands of posts is megabytes, and usually has neither.
  if (C1_CONTROL.test(text)) text = text.replace(C1_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (text.includes('##[')) text = text.replace(/##\[/g, '\\u0023#[');
  return `${text}\n`;
}

/**
 * One GitHub Actions workflow command line (an annotation). Its data is escaped the way the
 * runner unescapes it, so user text cannot end the line or start another command.
 */
export function workflowCommand(name: string, props: Record<string, string>, message: string): string {
  const data = (s: string) => neutraliseCommands(stripControls(s).replace(/%/g, '%25')).replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const property = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const list = Object.entries(props).map(([k, v]) => `${k}=${property(v)}`);
  return `::${name}${list.length ? ` ${list.join(',')}` : ''}::${data(message)}\n`;
}

export function writeOut(text: string): void {
  process.stdout.write(safeText(text));
}

export function writeErr(text: string): void {
  process.stderr.write(safeText(text, false));
}

/** Lines built by workflowCommand: their data is escaped already; they must stay commands. */
export function writeCommands(text: string): void {
  process.stdout.write(text);
}

export function writeJson(data: unknown): void {
  process.stdout.write(jsonText(data));
}

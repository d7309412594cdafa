// Calendar data inside GitHub-flavoured Markdown (the plan comment, the approvals summary).
// Every user string goes through one of these, so a folder name, media path, YAML key or post
// text can never start a heading, a table, a list, HTML, a link or a live @mention.

const ZWSP = '\u200b';

/** One line: newlines and other control characters become spaces. */
function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** GitHub links @user and @org/team in prose and HTML, never inside code: a zero-width space breaks it. */
function noMentions(s: string): string {
  return s.replace(/@(?=[\p{L}\p{N}_-])/gu, `@${ZWSP}`);
}

/**
 * Prose: no HTML, no emphasis, links or table cells, no mentions, one line. Backticks stay: a
 * code span is inert, and messages use them for commands.
 */
export function escapeText(s: string): string {
  return noMentions(escapeHtml(oneLine(s)).replace(/([\\*_[\]|#~])/g, '\\$1'));
}

/** Text inside our own HTML (the <summary> of a post). */
export function escapeInlineHtml(s: string): string {
  return noMentions(escapeHtml(oneLine(s))).replace(/[\\`*_[\]|#~]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An inline code span that no backtick run, newline or pipe inside the text can end. */
export function code(s: string): string {
  const text = oneLine(s).replace(/\|/g, '¦');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** A fenced block that no backtick run inside the text can close. */
export function fence(text: string, language = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text.replace(/\r\n?/g, '\n')}\n${ticks}`;
}

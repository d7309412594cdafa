// RFC 5545 text: content lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values
// escaped, UTC date-times and all-day dates. Linear in the size of the output: a 50,000-character
// post is one pass, as is a calendar of 100,000 events.

export interface IcsEvent {
  uid: string;
  /** DTSTAMP: when this export was made. */
  stamp: Date;
  /** An instant (written in UTC), or a civil day YYYY-MM-DD for an all-day event. */
  start: Date | string;
  /** Exclusive end day of an all-day event (YYYY-MM-DD). */
  endDay?: string;
  /** DURATION of a timed event, in minutes. */
  minutes?: number;
  summary: string;
  description?: string;
  categories?: string[];
  status?: 'CONFIRMED' | 'TENTATIVE';
  transparent?: boolean;
  url?: string;
  /** Shown as out of office in Outlook (X-MICROSOFT-CDO-BUSYSTATUS). */
  outOfOffice?: boolean;
}

export interface IcsCalendar {
  productId: string;
  name: string;
  events: IcsEvent[];
}

export function writeIcs(calendar: IcsCalendar): string {
  let out = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n${foldLine(`PRODID:${escapeText(calendar.productId)}`)}\r\nMETHOD:PUBLISH\r\n${foldLine(`X-WR-CALNAME:${escapeText(calendar.name)}`)}\r\nX-PUBLISHED-TTL:PT1H\r\n`;
  // Every event of an export shares one DTSTAMP: formatted once.
  let stampTime = NaN;
  let stamp = '';
  for (const e of calendar.events) {
    if (e.stamp.getTime() !== stampTime) {
      stampTime = e.stamp.getTime();
      stamp = utc(e.stamp);
    }
    out += `BEGIN:VEVENT\r\n${foldLine(`UID:${escapeText(e.uid)}`)}\r\nDTSTAMP:${stamp}\r\n`;
    if (typeof e.start === 'string') {
      out += `DTSTART;VALUE=DATE:${day(e.start)}\r\n`;
      if (e.endDay) out += `DTEND;VALUE=DATE:${day(e.endDay)}\r\n`;
    } else {
      out += `DTSTART:${utc(e.start)}\r\n`;
      if (e.minutes !== undefined) out += `DURATION:${duration(e.minutes)}\r\n`;
    }
    out += `${foldLine(`SUMMARY:${escapeText(e.summary)}`)}\r\n`;
    if (e.description !== undefined) out += `${foldLine(`DESCRIPTION:${escapeText(e.description)}`)}\r\n`;
    if (e.categories?.length) out += `${foldLine(`CATEGORIES:${e.categories.map(escapeText).join(',')}`)}\r\n`;
    if (e.status) out += `STATUS:${e.status}\r\n`;
    if (e.transparent) out += 'TRANSP:TRANSPARENT\r\n';
    if (e.url) out += `${foldLine(`URL:${uri(e.url)}`)}\r\n`;
    if (e.outOfOffice) out += 'X-MICROSOFT-CDO-BUSYSTATUS:OOF\r\n';
    out += 'END:VEVENT\r\n';
  }
  return `${out}END:VCALENDAR\r\n`;
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as \n. */
export function escapeText(text: string): string {
  if (!SPECIAL.test(text)) return text;
  // Most texts need only commas escaped: one native replace each is cheaper than a callback per match.
  if (!OTHER_SPECIAL.test(text)) return text.replace(COMMA, '\\,');
  return text.replace(ESCAPED, (c) => ESCAPES[c] ?? '');
}

// Control characters other than tab may not appear in a value (§3.1): dropped; a line break is escaped.
const SPECIAL = /[\\;,\x00-\x08\x0a-\x1f\x7f]/;
const ESCAPED = /\r\n|[\\;,\x00-\x08\x0a-\x1f\x7f]/g;
const OTHER_SPECIAL = /[\\;\x00-\x08\x0a-\x1f\x7f]/;
const COMMA = /,/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', ';': '\\;', ',': '\\,', '\r\n': '\\n', '\r': '\\n', '\n': '\\n' };

/** A URI value is not escaped, but a line break or control character would end the line early. */
function uri(value: string): string {
  return value.replace(/[\x00-\x20\x7f]/g, (c) => encodeURIComponent(c));
}

/** Folds a content line to lines of at most 75 octets (§3.1); continuation lines start with a space. */
export function foldLine(line: string): string {
  const ascii = !NON_ASCII.test(line);
  if (ascii && line.length <= 75) return line;
  const parts: string[] = [];
  if (ascii) {
    // One octet a character: 75 on the first line, 74 after each continuation's space.
    parts.push(line.slice(0, 75));
    for (let i = 75; i < line.length; i += 74) parts.push(line.slice(i, i + 74));
    return parts.join('\r\n ');
  }
  let start = 0;
  let octets = 0;
  let limit = 75;
  for (let i = 0; i < line.length; ) {
    const code = line.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      parts.push(line.slice(start, i));
      start = i;
      octets = 0;
      limit = 74; // after the leading space
    }
    octets += size;
    i += units;
  }
  parts.push(line.slice(start));
  return parts.join('\r\n ');
}

const NON_ASCII = /[^\x00-\x7f]/;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 20270328T080000Z */
function utc(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
}

/** YYYY-MM-DD → YYYYMMDD */
function day(key: string): string {
  return key.replaceAll('-', '');
}

function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

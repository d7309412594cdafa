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
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `PRODID:${escapeText(calendar.productId)}`,
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    'X-PUBLISHED-TTL:PT1H',
  ];
  for (const e of calendar.events) {
    lines.push('BEGIN:VEVENT', `UID:${escapeText(e.uid)}`, `DTSTAMP:${utc(e.stamp)}`);
    if (typeof e.start === 'string') {
      lines.push(`DTSTART;VALUE=DATE:${day(e.start)}`);
      if (e.endDay) lines.push(`DTEND;VALUE=DATE:${day(e.endDay)}`);
    } else {
      lines.push(`DTSTART:${utc(e.start)}`);
      if (e.minutes !== undefined) lines.push(`DURATION:${duration(e.minutes)}`);
    }
    lines.push(`SUMMARY:${escapeText(e.summary)}`);
    if (e.description !== undefined) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    if (e.status) lines.push(`STATUS:${e.status}`);
    if (e.transparent) lines.push('TRANSP:TRANSPARENT');
    if (e.url) lines.push(`URL:${uri(e.url)}`);
    if (e.outOfOffice) lines.push('X-MICROSOFT-CDO-BUSYSTATUS:OOF');
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks as \n. */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]|\r\n|[\r\n]/g, (c) => (c === '\\' ? '\\\\' : c === ';' ? '\\;' : c === ',' ? '\\,' : '\\n')).replace(CONTROL, '');
}

// Control characters other than tab may not appear in a value (§3.1); a line break is escaped above.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** A URI value is not escaped, but a line break or control character would end the line early. */
function uri(value: string): string {
  return value.replace(/[\x00-\x20\x7f]/g, (c) => encodeURIComponent(c));
}

/** Folds a content line to lines of at most 75 octets (§3.1); continuation lines start with a space. */
export function foldLine(line: string): string {
  if (line.length <= 75 && !NON_ASCII.test(line)) return line;
  const parts: string[] = [];
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

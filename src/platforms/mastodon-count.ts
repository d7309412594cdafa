import { twitterText } from './twitter.js';

// Mastodon's character count, following its source (v4.x) rather than a guess:
// - app/validators/status_length_validator.rb: graphemes of the text after `countable_text`
//   rewrites every URL to 23 `x` and every mention `@user@host` to `@user`; entities are
//   `Extractor.remove_overlapping_entities(extract_urls_with_indices(text,
//   extract_url_without_protocol: false) + extract_mentions_or_lists_with_indices(text))`.
// - config/initializers/twitter_regex.rb: Mastodon's own `valid_url` (schemes https?, dat, dweb,
//   ipfs, ipns, ssb, gopher, gemini; wider path and query characters), built on twitter-text's
//   domain, port and preceding-character patterns (taken here from the twitter-text package).
// - twitter-text's extract_urls_with_indices: a match without a scheme is skipped (the scan
//   still consumes it), t.co slugs are cut to the slug, URLs over 4,096 characters do not count.
// - app/lib/extractor.rb + app/models/account.rb: MENTION_RE
//   `(?<![=/[:word:]])@(([a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?)(?:@[[:word:].-]+[[:word:]]+)?)`/i,
//   not followed by twitter-text's end_mention_match, remote domain at most 253 characters.
// Ruby's [[:word:]] is \p{L}\p{M}\p{Nd}\p{Pc}. Deviation: Mastodon's query characters allow the
// astral planes except their last two code points (and U+E0000–E0FFF); here every astral
// character is allowed, and IDN growth of the domain is not added to the 4,096 limit.

/** The patterns, built on first use from twitter-text's (which loads on first use too). */
let built: { rx: ReturnType<typeof twitterText>['regexen']; VALID_URL: RegExp } | undefined;
function patterns() {
  if (built) return built;
  const rx = twitterText().regexen;
  const WS = '\\t-\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
  const PATH_CHAR = `[^${WS}<>()?]`;
  const BALANCED = `\\((?:${PATH_CHAR}+|(?:${PATH_CHAR}*\\(${PATH_CHAR}+\\)${PATH_CHAR}*))\\)`;
  const PATH_END = `(?:[^${WS}()?!*"'「」<>;:=,.$%\\[\\]~&|@]|(?:${rx.validUrlBalancedParens.source}))`;
  const PATH = `(?:(?:${PATH_CHAR}*(?:${BALANCED}${PATH_CHAR}*)*${PATH_END})|(?:${PATH_CHAR}+\\/))`;
  const UCHARS = '\\u00a0-\\ud7ff\\uf900-\\ufdcf\\ufdf0-\\uffef\\ue000-\\uf8ff';
  const ASTRAL = '[\\ud800-\\udbff][\\udc00-\\udfff]';
  const QUERY = `(?:[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@^${UCHARS}]|${ASTRAL})`;
  const QUERY_END = `(?:[a-z0-9_&=#/\\-${UCHARS}]|${ASTRAL})`;
  const VALID_URL = new RegExp(
    `(${rx.validUrlPrecedingChars.source})` +
      `(((?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini):\\/\\/)?(${rx.validDomain.source})(?::(${rx.validPortNumber.source}))?(?:\\/${PATH}*)?(?:\\?${QUERY}*${QUERY_END})?)`,
    'gi',
  );
  return (built = { rx, VALID_URL });
}
const MAX_URL_LENGTH = 4096;
const MAX_TCO_SLUG_LENGTH = 40;

const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const MENTION = new RegExp(`(?<![=/${WORD}])@(([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@[${WORD}.-]+[${WORD}]+)?)`, 'giu');
const MAX_DOMAIN_LENGTH = 253;

interface Entity {
  start: number;
  end: number;
  replacement: string;
}

function urls(text: string, urlLength: number): Entity[] {
  if (!text.includes(':')) return [];
  const { rx, VALID_URL } = patterns();
  const out: Entity[] = [];
  for (const m of text.matchAll(VALID_URL)) {
    const [, before, url, protocol] = m;
    if (!protocol) continue;
    const start = m.index + before.length;
    let end = start + url.length;
    const tco = rx.validTcoUrl.exec(url);
    if (tco) {
      if (tco[1].length > MAX_TCO_SLUG_LENGTH) continue;
      end = start + tco[0].length;
    }
    if (url.length > MAX_URL_LENGTH) continue;
    out.push({ start, end, replacement: 'x'.repeat(urlLength) });
  }
  return out;
}

function mentions(text: string): Entity[] {
  if (!/[@＠]/.test(text)) return [];
  const { rx } = patterns();
  const out: Entity[] = [];
  for (const m of text.matchAll(MENTION)) {
    const screenName = m[1];
    const end = m.index + m[0].length;
    if (rx.endMentionMatch.test(text.slice(end))) continue;
    const [user, domain] = screenName.split('@');
    if (domain !== undefined && domain.length > MAX_DOMAIN_LENGTH) continue;
    out.push({ start: m.index, end, replacement: `@${user}` });
  }
  return out;
}

/** `text` as Mastodon counts it: URLs as `urlLength` x's, remote mentions as their local part. */
export function mastodonCountableText(text: string, urlLength: number): string {
  const entities = [...urls(text, urlLength), ...mentions(text)].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of entities) {
    if (e.start < at) continue; // overlaps the one before (remove_overlapping_entities)
    out += text.slice(at, e.start) + e.replacement;
    at = e.end;
  }
  return out + text.slice(at);
}

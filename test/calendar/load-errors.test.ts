import { afterAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/calendar/load.js';
import { calendarDir, removeDir, type FileSpec } from '../support/calendar-dir.js';

// Every class of bad input gets a located, explained problem — never a crash.

const P = 'posts/2027/03/x.yaml';
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

interface Case {
  name: string;
  files: Record<string, FileSpec>;
  base?: boolean;
  expect: { file: string; line: number; column?: number; code: string; message: RegExp; path?: string };
}

const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
at: 2027-03-08 10:00
channels: [bluesky]
text: hi
`;

const cases: Case[] = [
  { name: 'YAML syntax error', files: { [P]: 'at: 2027-03-08 10:00\ntext: "unclosed\nchannels: [bluesky]\n' }, expect: { file: P, line: 2, column: 7, code: 'yaml-syntax', message: /^YAML: Missing closing "quote/ } },
  { name: 'bad indentation', files: { [P]: 'at: 2027-03-08 10:00\nchannels:\n  - bluesky\n - mastodon\ntext: hi\n' }, expect: { file: P, line: 4, code: 'yaml-syntax', message: /YAML/ } },
  { name: 'duplicate key', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: one\ntext: two\n' }, expect: { file: P, line: 4, column: 1, code: 'yaml-duplicate-key', message: /key "text" appears more than once/ } },
  { name: 'alias bomb', files: { [P]: bomb }, expect: { file: P, line: 1, code: 'yaml-alias-limit', message: /aliases expand past the limit/ } },
  { name: 'a list instead of a map', files: { [P]: '- at: 2027-03-08 10:00\n' }, expect: { file: P, line: 1, code: 'yaml-not-map', message: /found a list/ } },
  { name: 'a scalar instead of a map', files: { [P]: 'just some text\n' }, expect: { file: P, line: 1, code: 'yaml-not-map', message: /found a string/ } },
  { name: 'empty file', files: { [P]: '' }, expect: { file: P, line: 1, code: 'file-empty', message: /file is empty/ } },
  { name: 'only comments', files: { [P]: '# yaml-language-server: $schema=x\n# nothing else\n' }, expect: { file: P, line: 1, code: 'file-empty', message: /empty/ } },
  { name: 'not UTF-8', files: { [P]: Buffer.concat([Buffer.from('at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: caf'), Buffer.from([0xe9, 0x0a])]) }, expect: { file: P, line: 3, code: 'file-encoding', message: /not valid UTF-8/ } },
  { name: 'file over 1 MiB', files: { [P]: `text: "${'x'.repeat(1024 * 1024)}"\n` }, expect: { file: P, line: 1, code: 'file-too-large', message: /may be at most 1048576 bytes/ } },
  { name: 'unknown field with suggestion', files: { [P]: 'at: 2027-03-08 10:00\nchanels: [bluesky]\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 2, column: 1, code: 'field-unknown', message: /unknown field "chanels" \(did you mean "channels"\?\)/, path: 'chanels' } },
  { name: 'unknown field without suggestion', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nflavour: vanilla\n' }, expect: { file: P, line: 4, column: 1, code: 'field-unknown', message: /^unknown field "flavour"$/, path: 'flavour' } },
  { name: 'unknown nested field', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nmedia:\n  - file: media/a.png\n    alt_text: a cat\n', 'media/a.png': 'png' }, expect: { file: P, line: 6, column: 5, code: 'field-unknown', message: /did you mean "alt"/, path: 'media[0].alt_text' } },
  { name: 'missing required field', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\n' }, expect: { file: P, line: 1, column: 1, code: 'field-required', message: /missing required field "text"/, path: 'text' } },
  { name: 'missing nested field', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nmedia:\n  - alt: a cat\n' }, expect: { file: P, line: 5, column: 5, code: 'field-required', message: /"file"/, path: 'media[0].file' } },
  { name: 'number where text belongs', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: 42\n' }, expect: { file: P, line: 3, column: 7, code: 'field-type', message: /expected a string, found number/, path: 'text' } },
  { name: 'a string where a list belongs', files: { [P]: 'at: 2027-03-08 10:00\nchannels: bluesky\ntext: hi\n' }, expect: { file: P, line: 2, column: 11, code: 'field-type', message: /expected a list, found string/, path: 'channels' } },
  { name: 'unknown status', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nstatus: redy\n' }, expect: { file: P, line: 4, column: 9, code: 'field-invalid', message: /"redy" is not one of: idea, draft, ready/, path: 'status' } },
  { name: 'no channels', files: { [P]: 'at: 2027-03-08 10:00\nchannels: []\ntext: hi\n' }, expect: { file: P, line: 2, code: 'field-invalid', message: /at least 1 item/, path: 'channels' } },
  { name: 'unreadable time', files: { [P]: 'at: tomorrow 10am\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, column: 5, code: 'time-format', message: /"tomorrow 10am" is not a time/, path: 'at' } },
  { name: 'impossible date', files: { [P]: 'at: 2027-02-30 10:00\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, code: 'time-format', message: /not a time/ } },
  { name: 'unknown time zone', files: { [P]: 'at: 2027-03-08 10:00\ntimezone: Europe/Berln\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 2, column: 11, code: 'time-zone', message: /"Europe\/Berln" is not an IANA time zone \(did you mean "Europe\/Berlin"\?\)/ } },
  { name: 'DST gap, Berlin', files: { [P]: 'at: 2027-03-28 02:30\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, column: 5, code: 'time-gap', message: /2027-03-28 02:30 does not exist in Europe\/Berlin/ } },
  { name: 'DST repeat, Berlin', files: { [P]: 'at: 2027-10-31 02:30\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, code: 'time-ambiguous', message: /happens twice in Europe\/Berlin/ } },
  { name: 'DST gap, New York', files: { [P]: 'at: 2027-03-14 02:30\ntimezone: America/New_York\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, code: 'time-gap', message: /does not exist in America\/New_York/ } },
  { name: 'DST repeat, New York', files: { [P]: 'at: 2027-11-07 01:30\ntimezone: America/New_York\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, code: 'time-ambiguous', message: /happens twice in America\/New_York/ } },
  { name: 'offset out of range', files: { [P]: 'at: 2027-05-04T10:00:00+25:00\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, column: 5, code: 'time-offset', message: /the offset \+25:00 is not a UTC offset/, path: 'at' } },
  { name: 'blackout with an offset out of range', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\nblackouts:\n  - name: quiet\n    from: 2027-03-01 10:00-13:00\n    to: 2027-03-02\n' }, expect: { file: 'socialcal.yaml', line: 6, code: 'time-offset', message: /-13:00/, path: 'blackouts[0].from' } },
  { name: 'milestone offset out of range', files: { [P]: 'at: launch - 99999999999d\ncampaign: spring\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, column: 5, code: 'time-range', message: /"launch - 99999999999d" lands outside the years 0001–9999/, path: 'at' } },
  { name: 'milestone offset past year 9999', files: { [P]: 'at: launch + 3000000d\ncampaign: spring\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, code: 'time-range', message: /outside the years/ } },
  { name: 'unknown milestone', files: { [P]: 'at: liftoff - 1d\ncampaign: spring\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, code: 'time-milestone', message: /"liftoff" is not a milestone of campaign "spring"/ } },
  { name: 'unknown account', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [blusky]\ntext: hi\n' }, expect: { file: P, line: 2, column: 12, code: 'ref-account', message: /unknown account "blusky" \(did you mean "bluesky"\?\)/, path: 'channels[0]' } },
  { name: 'unknown campaign', files: { [P]: 'at: 2027-03-08 10:00\ncampaign: sprng\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 2, column: 11, code: 'ref-campaign', message: /unknown campaign "sprng" \(did you mean "spring"\?\)/ } },
  { name: 'unknown pillar', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\npillar: gossip\ntext: hi\n' }, expect: { file: P, line: 3, code: 'ref-pillar', message: /unknown pillar "gossip"/ } },
  { name: 'override for an account not posted to', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\noverrides:\n  linkedin:\n    text: hello\n' }, expect: { file: P, line: 5, column: 3, code: 'ref-override', message: /override "linkedin" names neither/ } },
  { name: 'duplicate post id', files: { 'posts/2027/03/a.yaml': 'id: same\nat: 2027-03-08 10:00\nchannels: [bluesky]\ntext: a\n', 'posts/2027/03/b.yaml': 'id: same\nat: 2027-03-09 10:00\nchannels: [bluesky]\ntext: b\n' }, expect: { file: 'posts/2027/03/b.yaml', line: 1, column: 5, code: 'id-duplicate', message: /post id "same" is also used by posts\/2027\/03\/a.yaml/ } },
  { name: 'invalid id', files: { [P]: 'id: "bad id!"\nat: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: P, line: 1, column: 5, code: 'id-invalid', message: /id "bad id!" may only contain/ } },
  { name: 'missing media', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nmedia:\n  - file: media/nope.png\n    alt: x\n' }, expect: { file: P, line: 5, column: 11, code: 'media-missing', message: /media file "media\/nope.png" does not exist/, path: 'media[0].file' } },
  { name: 'media path with ..', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nmedia:\n  - file: ../secret.png\n    alt: x\n' }, expect: { file: P, line: 5, code: 'media-outside', message: /points outside the repository/ } },
  { name: 'absolute media path', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nmedia:\n  - file: /etc/hostname\n    alt: x\n' }, expect: { file: P, line: 5, code: 'media-outside', message: /outside/ } },
  { name: 'media symlink out of the repo', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nthread:\n  - text: more\n    media:\n      - file: media/link.png\n        alt: x\n', 'media/link.png': { symlink: '/etc/hostname' } }, expect: { file: P, line: 7, code: 'media-outside', message: /outside/, path: 'thread[0].media[0].file' } },
  { name: 'post file symlinked out of the repo', files: { [P]: { symlink: '/etc/hostname' } }, expect: { file: P, line: 1, code: 'file-outside', message: /resolves outside the repository/ } },
  { name: 'missing socialcal.yaml', base: false, files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\n' }, expect: { file: 'socialcal.yaml', line: 1, code: 'config-missing', message: /socialcal.yaml not found/ } },
  { name: 'config without timezone', files: { 'socialcal.yaml': 'accounts:\n  bluesky: { platform: bluesky }\n' }, expect: { file: 'socialcal.yaml', line: 1, code: 'field-required', message: /"timezone"/ } },
  { name: 'config with an unknown platform', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: myspace }\n' }, expect: { file: 'socialcal.yaml', line: 3, column: 24, code: 'field-invalid', message: /"myspace" is not one of: bluesky, mastodon/, path: 'accounts.bluesky.platform' } },
  { name: 'a map where the platform name belongs', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  acme: { platform: {}, author: "urn:li:person:abc" }\n' }, expect: { file: 'socialcal.yaml', line: 3, code: 'field-invalid', message: /^a map is not one of: bluesky, mastodon/, path: 'accounts.acme.platform' } },
  { name: 'a list where the status belongs', files: { [P]: 'at: 2027-03-08 10:00\nchannels: [bluesky]\ntext: hi\nstatus: [a, b]\n' }, expect: { file: P, line: 4, code: 'field-invalid', message: /^a list is not one of: idea, draft, ready/, path: 'status' } },
  { name: 'account platform misspelt', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  acme: { platform: linkdin, author: "urn:li:person:abc" }\n' }, expect: { file: 'socialcal.yaml', line: 3, column: 21, code: 'field-invalid', message: /"linkdin" is not one of: bluesky, mastodon, x, linkedin/, path: 'accounts.acme.platform' } },
  { name: 'account without a platform', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  acme:\n    handle: acme\n' }, expect: { file: 'socialcal.yaml', line: 4, code: 'field-required', message: /missing required field "platform"/, path: 'accounts.acme.platform' } },
  { name: 'account setting misspelt, did-you-mean from its platform', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  masto:\n    platform: mastodon\n    server: https://fosstodon.org\n    visiblity: public\n' }, expect: { file: 'socialcal.yaml', line: 6, column: 5, code: 'field-unknown', message: /unknown field "visiblity" \(did you mean "visibility"\?\)/, path: 'accounts.masto.visiblity' } },
  { name: 'setting of another platform', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  tg:\n    platform: telegram\n    chat: "@acme_news"\n    visibility: public\n' }, expect: { file: 'socialcal.yaml', line: 6, code: 'field-unknown', message: /unknown field "visibility"$/, path: 'accounts.tg.visibility' } },
  { name: 'LinkedIn account without its author URN', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  li:\n    platform: linkedin\n    credentials: { token: LI_TOKEN }\n' }, expect: { file: 'socialcal.yaml', line: 4, code: 'field-required', message: /missing required field "author"/, path: 'accounts.li.author' } },
  { name: 'LinkedIn author that is not a URN', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  li:\n    platform: linkedin\n    author: acme-inc\n' }, expect: { file: 'socialcal.yaml', line: 5, column: 13, code: 'field-invalid', message: /expected urn:li:person:<id> or urn:li:organization:<id>/, path: 'accounts.li.author' } },
  { name: 'Telegram chat that is neither an id nor a @name', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  tg:\n    platform: telegram\n    chat: acme news\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-invalid', message: /numeric chat id/, path: 'accounts.tg.chat' } },
  { name: 'credential key of another platform', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  xx:\n    platform: x\n    credentials: { apiKey: X_KEY, apiSecret: X_SECRET, accesToken: X_TOKEN }\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-unknown', message: /unknown field "accesToken" \(did you mean "accessToken"\?\)/, path: 'accounts.xx.credentials.accesToken' } },
  { name: 'Mastodon visibility not one of its values', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  masto: { platform: mastodon, server: https://fosstodon.org, visibility: everyone }\n' }, expect: { file: 'socialcal.yaml', line: 3, code: 'field-invalid', message: /"everyone" is not one of: public, unlisted, private, direct/, path: 'accounts.masto.visibility' } },
  { name: 'config with a bad grace period', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  grace: soon\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-invalid', message: /"soon" is not a duration/ } },
  { name: 'ledger branch that is a git option', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  branch: --upload-pack=touch /tmp/x\n' }, expect: { file: 'socialcal.yaml', line: 5, column: 11, code: 'field-invalid', message: /"--upload-pack=touch \/tmp\/x" is not a valid git branch name: it starts with "-"/, path: 'publish.branch' } },
  { name: 'ledger branch with ..', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  branch: a..b\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-invalid', message: /not a valid git branch name: it contains "\.\."/ } },
  { name: 'ledger branch HEAD', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  branch: HEAD\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-invalid', message: /"HEAD" is not a valid git branch name/ } },
  { name: 'ledger remote that is a git option', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  remote: --upload-pack=evil\n' }, expect: { file: 'socialcal.yaml', line: 5, column: 11, code: 'field-invalid', message: /"--upload-pack=evil" is not a valid git remote name: it starts with "-"/, path: 'publish.remote' } },
  { name: 'ledger remote with a space', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  remote: my origin\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-invalid', message: /"my origin" is not a valid git remote name: it contains a space/, path: 'publish.remote' } },
  { name: 'ledger branch written as a full ref', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npublish:\n  branch: refs/heads/x\n' }, expect: { file: 'socialcal.yaml', line: 5, code: 'field-invalid', message: /starts with "refs\/"/ } },
  { name: 'blackout naming an unknown account', files: { 'socialcal.yaml': 'timezone: UTC\naccounts:\n  bluesky: { platform: bluesky }\nblackouts:\n  - name: quiet\n    from: 2027-03-01\n    to: 2027-03-02\n    accounts: [twitter]\n' }, expect: { file: 'socialcal.yaml', line: 8, code: 'ref-account', message: /unknown account "twitter"/, path: 'blackouts[0].accounts[0]' } },
  { name: 'campaign ending before it starts', files: { 'campaigns/spring.yaml': 'name: Spring\nstarts: 2027-03-31\nends: 2027-03-01\n' }, expect: { file: 'campaigns/spring.yaml', line: 3, code: 'date-order', message: /ends \(2027-03-01\) is before starts/ } },
  { name: 'campaign KPI target not a number', files: { 'campaigns/spring.yaml': 'name: Spring\nkpis:\n  - name: clicks\n    target: lots\n' }, expect: { file: 'campaigns/spring.yaml', line: 4, column: 13, code: 'field-type', message: /expected a number, found string/, path: 'kpis[0].target' } },
];

describe('loader: located problems for bad input', () => {
  it('has at least 30 distinct cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name', ({ files, base, expect: want }) => {
    const dir = calendarDir(files, { base });
    dirs.push(dir);
    const { problems } = loadCalendar(dir);
    const match = problems.find((p) => p.code === want.code && p.file === want.file);
    expect(match, `no ${want.code} in ${JSON.stringify(problems, null, 1)}`).toBeDefined();
    expect(match!.message).toMatch(want.message);
    expect(match!.line).toBe(want.line);
    if (want.column !== undefined) expect(match!.column).toBe(want.column);
    if (want.path !== undefined) expect(match!.path).toBe(want.path);
    expect(match!.severity).toBe('error');
    expect(match!.hint, 'every loader problem says how to fix it').toBeTruthy();
  });
});

describe('loader: every unknown field', () => {
  it('reports each unknown field of a file, located, with its own suggestion', () => {
    const dir = calendarDir({
      [P]: 'at: 2027-03-08 10:00\nchanels: [bluesky]\nchannels: [bluesky]\ntext: hi\nflavour: vanilla\nstaus: draft\nmedia:\n  - file: media/a.png\n    alt_text: a cat\n    size: 3\n',
      'media/a.png': 'png',
    });
    dirs.push(dir);
    const unknown = loadCalendar(dir)
      .problems.filter((p) => p.code === 'field-unknown')
      .map((p) => ({ line: p.line, column: p.column, path: p.path, message: p.message }));
    expect(unknown).toEqual([
      { line: 2, column: 1, path: 'chanels', message: 'unknown field "chanels" (did you mean "channels"?)' },
      { line: 5, column: 1, path: 'flavour', message: 'unknown field "flavour"' },
      { line: 6, column: 1, path: 'staus', message: 'unknown field "staus" (did you mean "status"?)' },
      { line: 9, column: 5, path: 'media[0].alt_text', message: 'unknown field "alt_text" (did you mean "alt"?)' },
      { line: 10, column: 5, path: 'media[0].size', message: 'unknown field "size"' },
    ]);
  });

  it('reports every unknown field of socialcal.yaml', () => {
    const dir = calendarDir({ 'socialcal.yaml': 'timezone: UTC\ntimzone: UTC\naccounts:\n  bluesky: { platform: bluesky }\npilars: [a]\n' });
    dirs.push(dir);
    const unknown = loadCalendar(dir).problems.filter((p) => p.code === 'field-unknown');
    expect(unknown.map((p) => [p.file, p.line, p.path])).toEqual([
      ['socialcal.yaml', 2, 'timzone'],
      ['socialcal.yaml', 5, 'pilars'],
    ]);
    expect(unknown[1].message).toMatch(/did you mean "pillars"/);
  });
});

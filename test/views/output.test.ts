import { afterAll, describe, expect, it } from 'vitest';
import { jsonText, neutraliseCommands, safeText, stripControls, workflowCommand } from '../../src/views/output.js';
import { calendarDir, removeDir } from '../support/calendar-dir.js';
import { cli } from '../support/cli.js';

// User data never reaches a terminal or a CI log as escapes or as GitHub workflow commands.

/** A line the Actions runner would obey: trimmed, it starts with ::, or it holds ##[ anywhere. */
function commandLines(out: string): string[] {
  return out.split('\n').filter((l) => l.trim().startsWith('::') || l.includes('##['));
}

describe('output cleaning', () => {
  it('keeps colour but drops cursor moves, screen clears, titles and hyperlinks', () => {
    const text = 'a\u001b[31mred\u001b[39m \u001b[2J\u001b[H\u001b]0;pwned\u0007\u001b]8;;https://x\u0007link\r\nb\u009b2Jc\u007f';
    expect(stripControls(text, true)).toBe('a\u001b[31mred\u001b[39m [2J[H]0;pwned]8;;https://xlink\nb2Jc');
    expect(stripControls(text, false)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(stripControls('tab\there\nnext')).toBe('tab\there\nnext');
  });

  it('breaks workflow commands at any line start, after indentation, and legacy ##[ anywhere', () => {
    const text = '::add-mask::secret\n   ::stop-commands::tok\nok :: fine\nsee ##[warning]forged';
    expect(commandLines(neutraliseCommands(text))).toEqual([]);
    expect(neutraliseCommands('ok :: fine')).toBe('ok :: fine');
    expect(safeText('x\n::warning::y', false)).toBe('x\n:\u200b:warning::y');
  });

  it('leaves JSON values unchanged while escaping what a runner or terminal would obey', () => {
    const data = { text: '::add-mask::s\n##[error]x \u009b2J \u001b[2J' };
    const out = jsonText(data);
    expect(JSON.parse(out)).toEqual(data);
    expect(commandLines(out)).toEqual([]);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('builds annotations whose data cannot start another command', () => {
    const line = workflowCommand('warning', { file: 'posts/a,b.yaml', title: 'x::y' }, 'unknown field\n::add-mask::s ##[error]');
    expect(line.split('\n').filter(Boolean)).toHaveLength(1);
    expect(line).toMatch(/^::warning file=posts\/a%2Cb\.yaml,title=x%3A%3Ay::unknown field%0A:\u200b:add-mask::s #\u200b#\[error\]\n$/);
  });
});

describe('commands print user data safely', () => {
  const root = calendarDir({
    'posts/2027/03/evil.yaml': [
      'at: 2027-03-09 10:00',
      'channels: [bluesky]',
      'campaign: spring',
      '"::warning file=x::forged": 1',
      'text: "Hi \\e]0;pwned\\a\\e[2J\\n::add-mask::hunter2\\n::stop-commands::tok\\n##[error]legacy"',
      '',
    ].join('\n'),
  });
  afterAll(() => removeDir(root));

  const outputs = [
    ['ls', '--all', '--now', '2027-03-01T00:00:00Z'],
    ['ls', '--all', '--json'],
    ['calendar', '--month', '2027-03', '--now', '2027-03-01T00:00:00Z', '--width', '160'],
    ['check', '--now', '2027-03-01T00:00:00Z'],
    ['check', '--json', '--now', '2027-03-01T00:00:00Z'],
  ];
  it.each(outputs)('%s %s %s', (...args) => {
    const r = cli(['-C', root, ...args]);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(commandLines(r.stdout)).toEqual([]);
    expect(commandLines(r.stderr)).toEqual([]);
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('check --format github prints only its own annotations', () => {
    const r = cli(['-C', root, 'check', '--format', 'github', '--now', '2027-03-01T00:00:00Z']);
    const lines = r.stdout.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^::(error|warning) file=[^:]*,line=\d+,col=\d+,title=socialcal [\w-]+::/);
    expect(r.stdout).toContain('field-unknown::unknown field "::warning file=x::forged"%0A');
    expect(r.stdout).not.toContain('##[');
  });
});

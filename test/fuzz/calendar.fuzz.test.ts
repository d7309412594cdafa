// The fuzz corpus (issue 11): broken and hostile calendars through `check`, `ls` and the
// exports, in-process. Every case must end in located problems (file and line) — no exception,
// no internal error text, no hang — and git's files must never leak into any output.
// FUZZ=N runs N cases (default 520); FUZZ_SEED picks another corpus (default 11); FUZZ_CASE_MS
// raises the per-case time limit (default 10 s) for long runs on a loaded machine; FUZZ_FROM starts
// at another case (to go on where a long run stopped). A long run (FUZZ set) goes on past a failing
// case and lists every failing case at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect as check } from '../../src/commands/check.js';
import { collect as ls } from '../../src/commands/ls.js';
import { loadCalendar } from '../../src/calendar/load.js';
import { toCsv } from '../../src/export/csv.js';
import { siteData, splitByMonth } from '../../src/export/html/data.js';
import { renderPage } from '../../src/export/html/page.js';
import { toIcs } from '../../src/export/ics.js';
import { formatGithub, formatText } from '../../src/views/problems.js';
import { fuzzCase, writeCase } from './corpus.js';

const CASES = Number(process.env.FUZZ ?? 520);
const SEED = Number(process.env.FUZZ_SEED ?? 11);
const MAX_CASE_MS = Number(process.env.FUZZ_CASE_MS ?? 10_000);
const FROM = Number(process.env.FUZZ_FROM ?? 0);
const LONG = process.env.FUZZ !== undefined;
const NOW = new Date('2027-01-15T00:00:00Z');

interface Outcome {
  ms: number;
  problems: number;
  codes: string[];
  loaded: boolean;
}

async function runCase(index: number): Promise<Outcome> {
  const c = fuzzCase(SEED, index);
  const dir = mkdtempSync(join(tmpdir(), 'socialcal-fuzz-'));
  const where = `case ${index} (FUZZ_SEED=${SEED}): ${c.mutations.join('; ')}`;
  try {
    writeCase(c, dir);
    const started = performance.now();
    let result;
    try {
      result = await check(dir, NOW);
    } catch (error) {
      throw new Error(`${where}\ncheck threw: ${(error as Error).stack}`);
    }
    for (const p of result.problems) {
      expect(p.file, `${where}: a problem without a file: ${JSON.stringify(p)}`).toBeTruthy();
      expect(Number.isInteger(p.line) && p.line >= 1, `${where}: a problem without a line: ${JSON.stringify(p)}`).toBe(true);
      expect(p.message, `${where}: an empty message`).toBeTruthy();
      expect(p.message, `${where}: a stack trace in a message`).not.toMatch(/\n\s+at |\.ts:\d+:\d+|internal error/);
      expect(p.message, `${where}: an unrendered value`).not.toMatch(/\[object Object\]|\{\{\w+\}\}/);
    }
    const text = formatText(result.problems, 'checked') + formatGithub(result.problems, result.root);
    expect(text, `${where}: git's own files leaked`).not.toContain('FUZZ-GIT-TOKEN');

    const { calendar } = loadCalendar(dir);
    if (calendar) {
      try {
        const listed = ls(calendar, undefined, { all: true }, NOW);
        const site = splitByMonth(siteData(calendar, { now: NOW }));
        const out = JSON.stringify(listed) + toIcs(calendar) + toCsv(calendar) + renderPage(site.index) + [...site.files.values()].join('');
        expect(out, `${where}: git's own files leaked into ls or an export`).not.toContain('FUZZ-GIT-TOKEN');
      } catch (error) {
        if (error instanceof Error && error.message.includes('leaked')) throw error;
        throw new Error(`${where}\nls/export threw: ${(error as Error).stack}`);
      }
    }
    const ms = performance.now() - started;
    expect(ms, `${where}: took ${Math.round(ms)} ms`).toBeLessThan(MAX_CASE_MS);
    return { ms, problems: result.problems.length, codes: result.problems.map((p) => p.code), loaded: Boolean(calendar) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`fuzz corpus: ${CASES} broken calendars (seed ${SEED})`, () => {
  it('every case ends in located problems: no exception, no stack trace, no hang, no leak', async () => {
    const outcomes: Outcome[] = [];
    const failures: string[] = [];
    for (let i = FROM; i < CASES; i++) {
      try {
        outcomes.push(await runCase(i));
      } catch (error) {
        if (!LONG) throw error;
        failures.push(error instanceof Error ? error.message.split('\n')[0] : String(error));
      }
      if (process.env.FUZZ_PROGRESS && (i + 1) % 20 === 0) process.stderr.write(`fuzz: ${i + 1}/${CASES}, ${failures.length} failing\n`);
    }
    expect(failures).toEqual([]);
    const times = outcomes.map((o) => o.ms).sort((a, b) => a - b);
    const codes = new Set(outcomes.flatMap((o) => o.codes));
    process.stdout.write(
      `fuzz: cases ${FROM}–${CASES - 1}, seed ${SEED}: ${outcomes.filter((o) => o.loaded).length} loaded a calendar, ` +
        `${outcomes.reduce((n, o) => n + o.problems, 0)} problems of ${codes.size} kinds; ` +
        `per case median ${Math.round(times[Math.floor(times.length / 2)])} ms, max ${Math.round(times[times.length - 1])} ms\n`,
    );
    expect(outcomes).toHaveLength(CASES - FROM);
  }, Math.max(300_000, CASES * 2_000));
});

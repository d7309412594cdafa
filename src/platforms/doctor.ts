// The checks behind `socialcal doctor`: credentials present (by variable name, never value),
// each adapter's cheap authenticated call, and the local clock against the servers' Date headers.
import type { Account, PlatformId } from '../calendar/model.js';
import { redact } from '../errors.js';
import { accountSecrets, credentialStatus, type CredentialStatus } from './credentials.js';
import { createAdapter } from './index.js';
import { PlatformError, type Verified } from './types.js';

/** Clock drift beyond this makes posts go out early or late enough to notice. */
export const MAX_CLOCK_SKEW_MS = 60_000;
/** Warn when a token stops working within this many days (Meta's long-lived tokens last about 60). */
export const TOKEN_WARN_DAYS = 14;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface ClockCheck {
  /** The server's origin (no path, so no secrets). */
  server: string;
  serverTime: string;
  /** Local minus server time; positive = local clock is ahead. */
  skewMs: number;
  ok: boolean;
}

export interface AccountCheck {
  account: string;
  platform: string;
  credentials: CredentialStatus[];
  /** Absent when credentials are missing or the platform has no adapter. */
  verified?: Verified;
  /** Things to act on soon that do not stop publishing today (a token near its expiry). */
  warnings?: string[];
  clock?: ClockCheck;
  /** Why the account cannot publish, when that is not a credential or verify failure. */
  problem?: string;
  ok: boolean;
}

export interface DoctorReport {
  ok: boolean;
  localTime: string;
  accounts: AccountCheck[];
}

export interface CheckOptions {
  timeoutMs?: number;
  now?: () => number;
}

export async function checkAccounts(accounts: Account[], env: NodeJS.ProcessEnv, opts: CheckOptions = {}): Promise<DoctorReport> {
  const now = opts.now ?? Date.now;
  const results = await Promise.allSettled(accounts.map((a) => checkAccount(a, env, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, now)));
  const checks = results.map((r, i): AccountCheck =>
    r.status === 'fulfilled'
      ? r.value
      : { account: accounts[i].name, platform: accounts[i].platform, credentials: [], problem: String(r.reason), ok: false },
  );
  // Adapters redact their own secrets; this pass hides every account's, in every form, from
  // whatever reaches the report (messages quoting URLs, servers echoing what they were sent).
  const secrets = accountSecrets(accounts, env);
  const safe = checks.map((c) => redactStrings(c, secrets));
  return { ok: checks.every((c) => c.ok), localTime: new Date(now()).toISOString(), accounts: safe };
}

async function checkAccount(account: Account, env: NodeJS.ProcessEnv, timeoutMs: number, now: () => number): Promise<AccountCheck> {
  const credentials = credentialStatus(account, env);
  const check: AccountCheck = { account: account.name, platform: account.platform, credentials, ok: false };
  const clock = clockServer(account, env);
  const clockCheck = clock ? readClock(clock, timeoutMs, now) : Promise.resolve(undefined);

  if (credentials.every((c) => c.set || c.fallback || c.optional)) {
    try {
      const adapter = await createAdapter(account, env, { timeoutMs });
      check.verified = await withTimeout(adapter.verify(), timeoutMs, `no answer within ${Math.round(timeoutMs / 1000)} s`);
    } catch (error) {
      check.verified = { ok: false, detail: error instanceof PlatformError || error instanceof Error ? error.message : String(error) };
    }
  }
  const expiring = check.verified?.expiresAt ? tokenWarning(check.verified.expiresAt, credentials, now()) : undefined;
  if (expiring) check.warnings = [expiring];
  check.clock = await clockCheck;
  check.ok = !check.problem && check.verified?.ok === true && (check.clock?.ok ?? true);
  return check;
}

/** "token expires in 3 days (2027-01-23): …" when it is within TOKEN_WARN_DAYS. */
export function tokenWarning(expiresAt: string, credentials: CredentialStatus[], now: number): string | undefined {
  const days = Math.floor((Date.parse(expiresAt) - now) / 86_400_000);
  if (Number.isNaN(days) || days >= TOKEN_WARN_DAYS) return undefined;
  const variable = credentials.find((c) => c.key === 'token')?.var ?? 'the token variable';
  const when = days < 0 ? 'has expired' : days === 0 ? 'expires today' : `expires in ${days} day${days === 1 ? '' : 's'}`;
  return `the token ${when} (${expiresAt.slice(0, 10)}): refresh it and update ${variable} in the CI secrets`;
}

/** The API a platform's adapter talks to when the account names no server. */
const DEFAULT_SERVERS: Partial<Record<PlatformId, string>> = {
  bluesky: 'https://bsky.social',
  x: 'https://api.x.com',
  linkedin: 'https://api.linkedin.com',
  telegram: 'https://api.telegram.org',
};

/** Where to read the time: the account's server (or PDS, or API), or the webhook's origin. */
function clockServer(account: Account, env: NodeJS.ProcessEnv): string | undefined {
  const webhook = credentialStatus(account, env).find((c) => c.key === 'webhook' && c.set);
  const raw = webhook ? env[webhook.var] : account.server ?? DEFAULT_SERVERS[account.platform];
  if (!raw) return undefined;
  try {
    return new URL(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`).origin;
  } catch {
    return undefined;
  }
}

/** Compares the local clock with a server's Date header; unreachable servers are skipped, not failed. */
async function readClock(origin: string, timeoutMs: number, now: () => number): Promise<ClockCheck | undefined> {
  try {
    const sent = now();
    const res = await fetch(origin, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    const received = now();
    const date = res.headers.get('date');
    if (!date) return undefined;
    const serverTime = Date.parse(date);
    if (Number.isNaN(serverTime)) return undefined;
    // The Date header has one-second resolution and was stamped somewhere during the request.
    const local = (sent + received) / 2;
    const skewMs = Math.round(local - serverTime - 500);
    return { server: origin, serverTime: new Date(serverTime).toISOString(), skewMs, ok: Math.abs(skewMs) <= MAX_CLOCK_SKEW_MS };
  } catch {
    return undefined;
  }
}

function withTimeout<T extends { ok: boolean; detail: string }>(promise: Promise<T>, ms: number, detail: string): Promise<T | { ok: false; detail: string }> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<{ ok: false; detail: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, detail }), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Every string in `value` (the report is plain data) with secrets removed. */
function redactStrings<T>(value: T, secrets: string[]): T {
  if (typeof value === 'string') return redact(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, secrets)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactStrings(v, secrets)])) as T;
  return value;
}

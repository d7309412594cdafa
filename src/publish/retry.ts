// When to try a failed request again, and how long to wait. Pure; the caller sleeps.
import { acceptanceOpen, PlatformError } from '../platforms/types.js';

export interface RetryPolicy {
  /** Attempts per item within one run, the first included. */
  attempts: number;
  baseMs: number;
  /** Longest backoff between transient failures. */
  capMs: number;
  /** Longest rate-limit wait a run sits through; longer ones are left to the next run. */
  maxWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseMs: 500, capMs: 8_000, maxWaitMs: 60_000 };

export type Verdict = { retry: true; delayMs: number } | { retry: false; why: string };

/**
 * After `attempt` failed attempts: rate limits wait as told (or back off), transient failures
 * back off exponentially with jitter, everything else needs a person.
 */
export function nextStep(error: unknown, attempt: number, policy: RetryPolicy, random: () => number = Math.random): Verdict {
  const kind = error instanceof PlatformError ? error.kind : 'transient';
  // An unexpected answer is retried like a transient one; the caller looks up first (mayHaveBeenAccepted).
  if (kind !== 'rate-limit' && kind !== 'transient' && kind !== 'unexpected') return { retry: false, why: `${kind} errors are not retried` };
  if (attempt >= policy.attempts) return { retry: false, why: `gave up after ${attempt} attempts` };
  const told = error instanceof PlatformError ? error.retryAfterMs : undefined;
  if (told !== undefined) {
    if (told > policy.maxWaitMs) return { retry: false, why: `the platform asked to wait ${Math.ceil(told / 1000)} s; the next run will try again` };
    return { retry: true, delayMs: told };
  }
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the backoff, so retries never bunch up at zero.
  return { retry: true, delayMs: Math.round(ceiling / 2 + random() * (ceiling / 2)) };
}

/**
 * Could the platform have accepted the request even though we saw an error? Then we must ask
 * it (lookup) before sending again. Definite refusals (4xx, 429) could not have posted.
 */
export function mayHaveBeenAccepted(error: unknown): boolean {
  return acceptanceOpen(error);
}

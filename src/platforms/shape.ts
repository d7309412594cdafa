// Platform answers are checked against the shape the adapter relies on: a changed or broken
// answer becomes a clear `transient` error (the outcome is uncertain), never a crash later on.
import type { z } from 'zod';
import { PlatformError } from './types.js';

export function expectShape<T>(schema: z.ZodType<T>, value: unknown, what: string, status?: number): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return fail(`${what}: unexpected answer${where} (${issue.message})`, status);
}

function fail(message: string, status?: number): never {
  throw new PlatformError('transient', message, status === undefined ? {} : { status });
}

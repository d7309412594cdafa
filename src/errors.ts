// Typed errors. Only src/main.ts turns them into exit codes; everything else throws.

export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** An error the user can cause and fix: printed as message + hint, never with a stack. */
export class SocialcalError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'SocialcalError';
  }
}

/** Bad flags or arguments. */
export class UsageError extends SocialcalError {
  constructor(message: string, hint?: string) {
    super(message, hint, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** Something outside the calendar is wrong: missing credentials, no git, unreachable remote. */
export class EnvironmentError extends SocialcalError {
  constructor(message: string, hint?: string) {
    super(message, hint, EXIT.usage);
    this.name = 'EnvironmentError';
  }
}

/** Hides secret values (from environment variables) in any text about to be shown or stored. */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

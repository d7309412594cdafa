// Who the ledger's commits are from, and who a person's freeze or resolve is attributed to.
import type { PublishSettings } from '../calendar/model.js';
import { configValue } from '../git/repo.js';
import type { Identity } from '../git/plumbing.js';

export const DEFAULT_IDENTITY: Identity = { name: 'socialcal', email: 'socialcal@localhost' };

/** config publish.committer, else the CI's GIT_AUTHOR_NAME/EMAIL, else socialcal <socialcal@localhost>. */
export function committer(settings: PublishSettings, env: NodeJS.ProcessEnv): Identity {
  if (settings.committer) return settings.committer;
  if (env.GIT_AUTHOR_NAME && env.GIT_AUTHOR_EMAIL) return { name: env.GIT_AUTHOR_NAME, email: env.GIT_AUTHOR_EMAIL };
  return DEFAULT_IDENTITY;
}

/** The person behind a manual action: the CI actor, else git's user.name, else the committer. */
export async function actor(cwd: string, env: NodeJS.ProcessEnv, fallback: Identity): Promise<string> {
  return env.GITHUB_ACTOR ?? env.GITLAB_USER_LOGIN ?? (await configValue(cwd, 'user.name')) ?? fallback.name;
}

import { request } from 'undici';
import { SocialcalError, EXIT, redact } from '../errors.js';

// The few GitHub REST endpoints `approvals` reads, over undici: a pull request's reviews and a
// team's members, every page (Link header), with errors that say what to do.

/** A pull request review as GitHub returns it (only the fields used). */
export interface Review {
  id: number;
  user: { login: string } | null;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING' | string;
  submitted_at?: string | null;
  commit_id?: string | null;
}

export interface GitHubOptions {
  /** e.g. https://api.github.com (GITHUB_API_URL on GitHub Enterprise). */
  apiUrl: string;
  token: string;
  timeoutMs?: number;
}

export class GitHubError extends SocialcalError {
  constructor(
    message: string,
    hint: string,
    readonly status: number,
  ) {
    super(message, hint, EXIT.usage);
    this.name = 'GitHubError';
  }
}

const MAX_PAGES = 100;

export class GitHubClient {
  constructor(private readonly opts: GitHubOptions) {}

  /** Every review of pull request `number` in `repo` ("owner/name"), oldest first. */
  async reviews(repo: string, number: number): Promise<Review[]> {
    return this.all<Review>(`/repos/${repo}/pulls/${number}/reviews`, `the reviews of pull request #${number} in ${repo}`);
  }

  /** The logins of a team's members (child teams included, as GitHub lists them). */
  async teamMembers(org: string, slug: string): Promise<string[]> {
    const members = await this.all<{ login: string }>(
      `/orgs/${encodeURIComponent(org)}/teams/${encodeURIComponent(slug)}/members`,
      `the members of team @${org}/${slug}`,
    );
    return members.map((m) => m.login);
  }

  private async all<T>(path: string, what: string): Promise<T[]> {
    const out: T[] = [];
    let url: string | undefined = `${this.opts.apiUrl.replace(/\/+$/, '')}${path}?per_page=100`;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const res = await this.get(url, what);
      const body = (await res.body.json()) as T[];
      if (!Array.isArray(body)) throw new GitHubError(`GitHub answered with something other than a list for ${what}`, 'check GITHUB_API_URL', res.statusCode);
      out.push(...body);
      url = nextLink(header(res.headers, 'link'));
    }
    return out;
  }

  private async get(url: string, what: string) {
    let res;
    try {
      res = await request(url, {
        method: 'GET',
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${this.opts.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'socialcal',
        },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new GitHubError(
        `could not reach GitHub to read ${what}: ${redact((error as Error).message, [this.opts.token])}`,
        'check the network and GITHUB_API_URL',
        0,
      );
    }
    if (res.statusCode >= 200 && res.statusCode < 300) return res;
    const text = await res.body.text();
    throw failure(res.statusCode, res.headers, redact(apiMessage(text), [this.opts.token]), what);
  }
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/** The rel="next" URL of a Link header (RFC 8288, as GitHub sends it). */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m && m[2].split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

function apiMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: string };
    return body.message ?? text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}

function failure(status: number, headers: Headers, message: string, what: string): GitHubError {
  const remaining = header(headers, 'x-ratelimit-remaining');
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  const retryAfter = header(headers, 'retry-after');
  if ((status === 403 || status === 429) && (remaining === '0' || retryAfter)) {
    const when = retryAfter
      ? `in ${retryAfter} s`
      : Number.isFinite(reset)
        ? `at ${new Date(reset * 1000).toISOString()}`
        : 'later';
    const limit = header(headers, 'x-ratelimit-limit');
    return new GitHubError(
      `GitHub rate limit reached while reading ${what}${limit ? ` (${limit} requests an hour${header(headers, 'x-ratelimit-resource') ? `, ${header(headers, 'x-ratelimit-resource')}` : ''})` : ''}: ${message}`,
      `it resets ${when}; re-run the job then, or use a token with a higher limit`,
      status,
    );
  }
  if (status === 401) {
    return new GitHubError(`GitHub rejected the token (401 ${message}) while reading ${what}`, 'set GITHUB_TOKEN to a valid token (in Actions: env: GITHUB_TOKEN: ${{ github.token }})', status);
  }
  if (status === 403) {
    return new GitHubError(
      `GitHub refused access to ${what} (403 ${message})`,
      what.includes('team')
        ? 'reading team members needs a token with read:org (members) access; the Actions GITHUB_TOKEN cannot: list the users in roles instead, or pass such a token'
        : 'give the workflow `permissions: pull-requests: read`',
      status,
    );
  }
  if (status === 404) {
    return new GitHubError(
      `GitHub answered 404 (${message}) for ${what}`,
      what.includes('team')
        ? 'check the team in socialcal.yaml roles (@org/team-slug) and that the token can see it (read:org)'
        : 'check GITHUB_REPOSITORY and the pull request number, and that the token can read the repository',
      status,
    );
  }
  return new GitHubError(`GitHub answered ${status} while reading ${what}: ${message}`, 're-run the job; if it persists, see https://www.githubstatus.com', status);
}

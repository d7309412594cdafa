// A local stand-in for the GitHub REST endpoints `approvals` reads, answering with the
// documented response shapes (hand-made from docs.github.com/rest): reviews and team members,
// paginated with Link headers.
import { startRecordingServer, type RecordingServer, type Reply } from '../support/http-server.js';

export interface FakeGitHub extends RecordingServer {
  reviews: Map<string, object[]>;
  teams: Map<string, string[]>;
}

export function user(login: string, id = 1) {
  return {
    login,
    id,
    node_id: 'MDQ6VXNlcjE=',
    avatar_url: `https://github.com/images/${login}.gif`,
    gravatar_id: '',
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: 'User',
    site_admin: false,
  };
}

let nextId = 80;

export function review(login: string, state: string, submitted_at: string, commit_id = 'ecdd80bb57125d7ba9641ffaa4d7d2c19d3f3091') {
  const id = nextId++;
  return {
    id,
    node_id: 'MDE3OlB1bGxSZXF1ZXN0UmV2aWV3ODA=',
    user: user(login),
    body: state === 'COMMENTED' ? 'Looks interesting.' : '',
    state,
    html_url: `https://github.com/acme/calendar/pull/12#pullrequestreview-${id}`,
    pull_request_url: 'https://api.github.com/repos/acme/calendar/pulls/12',
    _links: { html: { href: `https://github.com/acme/calendar/pull/12#pullrequestreview-${id}` }, pull_request: { href: 'https://api.github.com/repos/acme/calendar/pulls/12' } },
    submitted_at,
    commit_id,
    author_association: 'COLLABORATOR',
  };
}

/** Serves `per` items a page, with GitHub's Link header (next, last, first, prev). */
function page(url: string, items: object[], query: Record<string, string>, per: number): Reply {
  const n = Number(query.page ?? 1);
  const last = Math.max(1, Math.ceil(items.length / per));
  const link = (p: number, rel: string) => `<${url}?per_page=${query.per_page ?? per}&page=${p}>; rel="${rel}"`;
  const links = [];
  if (n < last) links.push(link(n + 1, 'next'), link(last, 'last'));
  if (n > 1) links.push(link(1, 'first'), link(n - 1, 'prev'));
  return { status: 200, headers: links.length ? { link: links.join(', ') } : {}, body: items.slice((n - 1) * per, n * per) };
}

export async function startFakeGitHub(opts: { perPage?: number; token?: string } = {}): Promise<FakeGitHub> {
  const reviews = new Map<string, object[]>();
  const teams = new Map<string, string[]>();
  const per = opts.perPage ?? 2;
  let base = '';
  const server = await startRecordingServer((req) => {
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } };
    }
    let m = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/.exec(req.path);
    if (m && reviews.has(`${m[1]}#${m[2]}`)) return page(`${base}${req.path}`, reviews.get(`${m[1]}#${m[2]}`)!, req.query, per);
    m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/members$/.exec(req.path);
    if (m && teams.has(`${m[1]}/${m[2]}`)) {
      return page(`${base}${req.path}`, teams.get(`${m[1]}/${m[2]}`)!.map((l, i) => user(l, i + 100)), req.query, per);
    }
    return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } };
  });
  base = server.url;
  return Object.assign(server, { reviews, teams });
}

/** GitHub's primary rate limit answer (403 with x-ratelimit-* headers). */
export const RATE_LIMITED = {
  status: 403,
  headers: {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-used': '5000',
    'x-ratelimit-reset': '1804000000',
    'x-ratelimit-resource': 'core',
  },
  body: {
    message: 'API rate limit exceeded for installation ID 1234.',
    documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
  },
};

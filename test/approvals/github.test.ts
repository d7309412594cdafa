import { afterEach, describe, expect, it } from 'vitest';
import { GitHubClient, nextLink } from '../../src/approvals/github.js';
import { RATE_LIMITED, review, startFakeGitHub, type FakeGitHub } from './fake-github.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const TOKEN = 'ghs_test_token_value';

describe('GitHubClient', () => {
  it('reads every page of reviews, following the Link header, with the token and API version', async () => {
    gh = await startFakeGitHub({ perPage: 2, token: TOKEN });
    gh.reviews.set('acme/calendar#12', [
      review('dana', 'COMMENTED', '2027-01-01T10:00:00Z'),
      review('lee', 'APPROVED', '2027-01-01T11:00:00Z'),
      review('sam', 'CHANGES_REQUESTED', '2027-01-01T12:00:00Z'),
      review('dana', 'APPROVED', '2027-01-01T13:00:00Z'),
      review('kim', 'DISMISSED', '2027-01-01T14:00:00Z'),
    ]);
    const reviews = await new GitHubClient({ apiUrl: gh.url, token: TOKEN }).reviews('acme/calendar', 12);
    expect(reviews.map((r) => [r.user?.login, r.state])).toEqual([
      ['dana', 'COMMENTED'],
      ['lee', 'APPROVED'],
      ['sam', 'CHANGES_REQUESTED'],
      ['dana', 'APPROVED'],
      ['kim', 'DISMISSED'],
    ]);
    expect(gh.requests.map((r) => [r.path, r.query.page ?? '1'])).toEqual([
      ['/repos/acme/calendar/pulls/12/reviews', '1'],
      ['/repos/acme/calendar/pulls/12/reviews', '2'],
      ['/repos/acme/calendar/pulls/12/reviews', '3'],
    ]);
    expect(gh.requests[0].headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
    });
  });

  it('reads a team\'s members across pages', async () => {
    gh = await startFakeGitHub({ perPage: 2 });
    gh.teams.set('acme/marketing', ['sam', 'kim', 'ana']);
    expect(await new GitHubClient({ apiUrl: gh.url, token: TOKEN }).teamMembers('acme', 'marketing')).toEqual(['sam', 'kim', 'ana']);
  });

  it('explains a bad token (401) without printing it', async () => {
    gh = await startFakeGitHub({ token: 'the-right-one' });
    const error = await new GitHubClient({ apiUrl: gh.url, token: TOKEN }).reviews('acme/calendar', 12).catch((e) => e);
    expect(error.message).toBe('GitHub rejected the token (401 Bad credentials) while reading the reviews of pull request #12 in acme/calendar');
    expect(error.hint).toContain('GITHUB_TOKEN');
    expect(`${error.message} ${error.hint}`).not.toContain(TOKEN);
  });

  it('explains a missing pull request or team (404)', async () => {
    gh = await startFakeGitHub();
    const client = new GitHubClient({ apiUrl: gh.url, token: TOKEN });
    await expect(client.reviews('acme/calendar', 99)).rejects.toThrow('GitHub answered 404 (Not Found) for the reviews of pull request #99 in acme/calendar');
    const team = await client.teamMembers('acme', 'nobody').catch((e) => e);
    expect(team.message).toBe('GitHub answered 404 (Not Found) for the members of team @acme/nobody');
    expect(team.hint).toContain('read:org');
  });

  it('says when the rate limit resets (403 with x-ratelimit-* headers)', async () => {
    gh = await startFakeGitHub();
    gh.reviews.set('acme/calendar#12', [review('dana', 'APPROVED', '2027-01-01T10:00:00Z')]);
    gh.failNext(RATE_LIMITED.status, RATE_LIMITED.headers, RATE_LIMITED.body);
    const error = await new GitHubClient({ apiUrl: gh.url, token: TOKEN }).reviews('acme/calendar', 12).catch((e) => e);
    expect(error.message).toBe(
      'GitHub rate limit reached while reading the reviews of pull request #12 in acme/calendar (5000 requests an hour, core): API rate limit exceeded for installation ID 1234.',
    );
    expect(error.hint).toBe('it resets at 2027-03-02T15:06:40.000Z; re-run the job then, or use a token with a higher limit');
    expect(error.exitCode).toBe(2);
  });

  it('tells a permission problem (403 without rate limit) apart', async () => {
    gh = await startFakeGitHub();
    gh.failNext(403, {}, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' });
    const error = await new GitHubClient({ apiUrl: gh.url, token: TOKEN }).teamMembers('acme', 'legal').catch((e) => e);
    expect(error.message).toBe('GitHub refused access to the members of team @acme/legal (403 Resource not accessible by integration)');
    expect(error.hint).toContain('read:org');
  });
});

describe('nextLink', () => {
  it('finds rel="next" among the others', () => {
    const link = '<https://api.github.com/repositories/1/pulls/12/reviews?page=1>; rel="prev", <https://api.github.com/repositories/1/pulls/12/reviews?page=3>; rel="next", <https://api.github.com/repositories/1/pulls/12/reviews?page=5>; rel="last"';
    expect(nextLink(link)).toBe('https://api.github.com/repositories/1/pulls/12/reviews?page=3');
    expect(nextLink('<https://x/?page=1>; rel="first"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});

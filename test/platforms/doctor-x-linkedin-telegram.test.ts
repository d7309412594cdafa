// `doctor` for X, LinkedIn and Telegram accounts against their fake servers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/calendar/model.js';
import { doctorText as print } from '../../src/views/doctor.js';
import { checkAccounts } from '../../src/platforms/doctor.js';
import { startLinkedIn, type FakeLinkedIn } from '../support/fake-linkedin.js';
import { startTelegram, type FakeTelegram } from '../support/fake-telegram.js';
import { startX, X_KEYS, type FakeX } from '../support/fake-x.js';

let x: FakeX;
let li: FakeLinkedIn;
let tg: FakeTelegram;
let env: NodeJS.ProcessEnv;
let accounts: Account[];

beforeAll(async () => {
  [x, li, tg] = await Promise.all([startX(), startLinkedIn(), startTelegram()]);
  env = { X_KEY: X_KEYS.consumerKey, X_SECRET: X_KEYS.consumerSecret, X_TOKEN: X_KEYS.token, X_TOKEN_SECRET: X_KEYS.tokenSecret, LI_TOKEN: li.token, LI_ID: li.client.id, LI_SECRET: li.client.secret, TG_TOKEN: tg.token };
  accounts = [
    { name: 'xa', platform: 'x', handle: 'acme', server: x.url, credentials: { apiKey: 'X_KEY', apiSecret: 'X_SECRET', accessToken: 'X_TOKEN', accessSecret: 'X_TOKEN_SECRET' }, settings: {} },
    { name: 'li', platform: 'linkedin', server: li.url, credentials: { token: 'LI_TOKEN', clientId: 'LI_ID', clientSecret: 'LI_SECRET' }, settings: { author: 'urn:li:organization:2414183' } },
    { name: 'tg', platform: 'telegram', server: tg.url, credentials: { token: 'TG_TOKEN' }, settings: { chat: '@acme_news' } },
  ];
});

afterAll(async () => {
  await Promise.all([x?.close(), li?.close(), tg?.close()]);
});

describe('doctor for X, LinkedIn and Telegram', () => {
  it('verifies each account, reads the clock from its API, and never shows a secret', async () => {
    li.expiresIn = 45 * 86400;
    const report = await checkAccounts(accounts, env);
    expect(report.accounts.map((a) => [a.account, a.ok, a.verified?.detail])).toEqual([
      ['xa', true, 'signed in as @acme (OAuth 1.0a user context)'],
      ['li', true, expect.stringMatching(/^token is active .* \(in 44 days\)$/)],
      ['tg', true, 'bot @acme_bot can see Acme News (channel)'],
    ]);
    expect(report.accounts.map((a) => a.clock?.server)).toEqual([x.url, li.url, tg.url]);
    const json = JSON.stringify(report);
    for (const secret of [X_KEYS.consumerSecret, X_KEYS.tokenSecret, li.token, li.client.secret, tg.token]) expect(json).not.toContain(secret);
  });

  it('warns when the LinkedIn token expires within 14 days, and lists the optional client variables', async () => {
    li.expiresIn = 5 * 86400 + 600;
    const report = await checkAccounts([accounts[1]], env);
    expect(report.accounts[0].verified?.warning).toBeUndefined();
    expect(report.accounts[0].warnings).toEqual([expect.stringMatching(/^the token expires in 5 days \(\d{4}-\d\d-\d\d\): refresh it and update LI_TOKEN in the CI secrets$/)]);
    const text = print(report);
    expect(text).toContain('⚠ the token expires in 5 days');
    expect(text.match(/⚠ the token/g)).toHaveLength(1);
    const plain = await checkAccounts([{ ...accounts[1], credentials: { token: 'LI_TOKEN' } }], { LI_TOKEN: li.token });
    expect(plain.ok).toBe(true);
    expect(print(plain)).toContain('– SOCIALCAL_LI_CLIENT_ID is not set (optional)');
    expect(print(plain)).toContain('⚠ expiry not checked: set SOCIALCAL_LI_CLIENT_ID and SOCIALCAL_LI_CLIENT_SECRET');
  });

  it('fails an account whose credentials the platform refuses, naming the variables', async () => {
    const report = await checkAccounts(accounts, { ...env, X_TOKEN_SECRET: 'bad-secret-value', LI_TOKEN: 'li-token-no-longer-valid', TG_TOKEN: '1:bad' });
    expect(report.ok).toBe(false);
    expect(report.accounts.map((a) => a.ok)).toEqual([false, false, false]);
    expect(report.accounts[0].verified?.detail).toContain('X_TOKEN_SECRET');
    expect(report.accounts[1].verified?.detail).toContain('LI_TOKEN is revoked');
    expect(report.accounts[2].verified?.detail).toContain('TG_TOKEN');
    expect(JSON.stringify(report)).not.toContain('bad-secret-value');
  });
});

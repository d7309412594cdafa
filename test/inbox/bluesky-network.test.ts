// Inbox, reply posts and listening against a full Bluesky network (PDS + AppView on a
// throwaway PostgreSQL, test/support/network.ts): notifications and search are the AppView's
// own answers, proxied through the PDS the way the adapter reads them.
import { AtpAgent, RichText } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inbox } from '../../src/inbox/run.js';
import { listen } from '../../src/listen/run.js';
import { parseLedgerFile } from '../../src/publish/ledger.js';
import { publish } from '../../src/publish/runner.js';
import { calendarRepo, configYaml, load, postYaml } from '../publish/calendar.js';
import { commitFiles, showFile } from '../support/git.js';
import { startNetwork, type Network } from '../support/network.js';

let net: Network;
let team: AtpAgent;
let fan: AtpAgent;
let critic: AtpAgent;
const env: NodeJS.ProcessEnv = {};

async function account(handle: string): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: net.pdsUrl });
  const { data } = await agent.createAccount({ handle, email: `${handle.split('.')[0]}@example.com`, password: 'hunter2-long-enough' });
  dids.set(handle, data.did);
  return agent;
}

/** The DIDs of the test's accounts, by handle. */
const dids = new Map<string, string>();

async function say(agent: AtpAgent, text: string, extra: Record<string, unknown> = {}) {
  // Mentions get the DIDs of the accounts made here. RichText.detectFacets would resolve each
  // handle over the network and, when that fails (it did on a loaded CI machine), silently post
  // the mention without a DID: the AppView then never notifies, and the test saw 2 of 3.
  const rt = new RichText({ text });
  rt.detectFacetsWithoutResolution();
  for (const facet of rt.facets ?? []) {
    for (const feature of facet.features as { $type: string; did?: string }[]) {
      if (feature.$type !== 'app.bsky.richtext.facet#mention') continue;
      const did = dids.get(String(feature.did));
      if (!did) throw new Error(`say: no test account has the handle ${String(feature.did)}`);
      feature.did = did;
    }
  }
  return agent.post({ text: rt.text, facets: rt.facets, createdAt: new Date().toISOString(), ...extra });
}

beforeAll(async () => {
  net = await startNetwork();
  team = await account('alice.test');
  fan = await account('bob.test');
  critic = await account('carol.test');
  env.BSKY_HANDLE = 'alice.test';
  env.BSKY_APP_PASSWORD = (await team.com.atproto.server.createAppPassword({ name: 'ci' })).data.password;
}, 240_000);
afterAll(async () => {
  await net?.close();
}, 60_000);

const noSleep = async () => undefined;
const rkey = (uri: string) => uri.slice(uri.lastIndexOf('/') + 1);

describe('Bluesky on a full network', () => {
  it('inbox groups replies, quotes and mentions by our post; a reply_to post answers in the right thread; listen counts search hits', async () => {
    const now = new Date();
    const at = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
    const bsky = `platform: bluesky\nhandle: alice.test\nserver: ${net.pdsUrl}\ncredentials: { identifier: BSKY_HANDLE, password: BSKY_APP_PASSWORD }`;
    const config = configYaml({ bsky }, 'listening:\n  queries:\n    darkmode:\n      accounts: [bsky]\n      terms: [dark mode]\n      hashtags: [acmeapp]\n');
    const repo = calendarRepo(config, [{ id: 'launch', at: at(new Date(now.getTime() - 60_000)), channels: ['bsky'], text: 'Acme 2.0 is out', extra: 'campaign: spring' }], {
      'campaigns/spring.yaml': 'name: Spring launch\n',
    });
    const first = load(repo.work);
    expect((await publish(first.calendar, first.problems, { env, sleep: noSleep })).pairs.map((p) => p.state)).toEqual(['published']);
    const launch = parseLedgerFile(showFile(repo.remote, 'socialcal-ledger', 'published/launch.yaml'), 'launch').accounts.bsky.items[0];
    const launchRef = { uri: launch.ref!.uri, cid: launch.ref!.cid };

    // A reply notifies the parent's author only if the AppView has the parent by then: wait until
    // it has indexed the published post (a reply sent earlier was never notified on a loaded machine).
    await net.settle();
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const { data } = await team.app.bsky.feed.getPosts({ uris: [launchRef.uri] });
      if (data.posts.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
      await net.settle();
    }
    const reply = await say(fan, 'Does it have dark mode?', { reply: { root: launchRef, parent: launchRef } });
    await say(critic, 'Not impressed', { embed: { $type: 'app.bsky.embed.record', record: launchRef } });
    await say(fan, 'hey @alice.test is the #acmeapp API down?');
    await say(critic, 'switched my editor to dark mode today');
    await net.settle();
    // Under load the AppView may index the mention a moment after the rest: wait until it has
    // the three notifications, so the test asserts what inbox does with them, not indexing speed.
    // (A deadline, not a count of tries: a CI machine under load indexed slower than 10 s.)
    let seen: string[] = [];
    for (const until = Date.now() + 60_000; Date.now() < until; ) {
      const { data } = await team.app.bsky.notification.listNotifications();
      seen = data.notifications.map((n) => `${n.reason} from ${n.author.handle}: ${(n.record as { text?: string }).text}`);
      if (data.notifications.filter((n) => n.reason !== 'follow').length >= 3) break;
      await new Promise((r) => setTimeout(r, 200));
      await net.settle();
    }

    // The AppView's notification list is eventually consistent under load: pull again until the
    // three are in. Every pull merges into the same ledger file, so each must be added exactly once.
    let report = await inbox(load(repo.work).calendar, { env, sleep: noSleep });
    let added = report.pulled.reduce((n, p) => n + p.added, 0);
    for (const until = Date.now() + 30_000; Date.now() < until && added < 3; ) {
      await new Promise((r) => setTimeout(r, 500));
      await net.settle();
      report = await inbox(load(repo.work).calendar, { env, sleep: noSleep });
      added += report.pulled.reduce((n, p) => n + p.added, 0);
    }
    expect(report.pulled.map((p) => p.account)).toEqual(['bsky']);
    // On failure: what the AppView listed, and what inbox added.
    expect(added, `the AppView listed: ${seen.join(' | ')}; inbox has: ${report.conversations.flatMap((c) => c.items.map((i) => `${i.kind} ${i.author}`)).join(', ')}`).toBe(3);
    const ours = report.conversations.find((c) => c.post?.id === 'launch')!;
    expect(ours.post).toMatchObject({ campaign: 'spring', url: launch.url });
    expect(ours.items.map((i) => [i.kind, i.author, i.text])).toEqual([
      ['reply', '@bob.test', 'Does it have dark mode?'],
      ['quote', '@carol.test', 'Not impressed'],
    ]);
    expect(ours.items[0].url).toBe(`https://bsky.app/profile/bob.test/post/${rkey(reply.uri)}`);
    const mention = report.conversations.flatMap((c) => c.items).find((i) => i.kind === 'mention')!;
    expect(mention).toMatchObject({ author: '@bob.test', text: 'hey @alice.test is the #acmeapp API down?', state: 'open' });

    // The answer, with a follow-up: both sit in the fan's thread, rooted at our launch post.
    commitFiles(repo.work, { 'posts/answer.yaml': postYaml({ id: 'answer', at: at(now), channels: ['bsky'], text: 'Yes: Settings → Appearance.', thread: ['And it follows the system setting.'], extra: `reply_to: ${ours.items[0].url}` }) }, 'answer');
    const answering = load(repo.work);
    expect((await publish(answering.calendar, answering.problems, { env, sleep: noSleep })).pairs.map((p) => `${p.post}:${p.state}`)).toEqual(['answer:published']);
    const [answer, followUp] = parseLedgerFile(showFile(repo.remote, 'socialcal-ledger', 'published/answer.yaml'), 'answer').accounts.bsky.items;
    const record = async (uri: string) => (await team.com.atproto.repo.getRecord({ repo: team.session!.did, collection: 'app.bsky.feed.post', rkey: rkey(uri) })).data.value as { reply: unknown };
    expect((await record(answer.id!)).reply).toEqual({ root: launchRef, parent: { uri: reply.uri, cid: reply.cid } });
    expect((await record(followUp.id!)).reply).toEqual({ root: launchRef, parent: { uri: answer.id, cid: answer.ref!.cid } });

    await net.settle();
    const after = await inbox(load(repo.work).calendar, { env, sleep: noSleep, pull: false });
    expect(after.conversations.flatMap((c) => c.items).find((i) => i.kind === 'reply')!.answeredBy).toBe('answer');

    // Listening: the AppView's searchPosts (dev-env matches text with LIKE), the term and the hashtag.
    const heard = await listen(load(repo.work).calendar, { env, sleep: noSleep });
    expect(heard.queries[0].errors).toEqual([]);
    expect(heard.queries[0].newest.map((m) => m.text).sort()).toEqual(['Does it have dark mode?', 'hey @alice.test is the #acmeapp API down?', 'switched my editor to dark mode today']);
    expect(heard.queries[0].added).toBe(3);
  }, 240_000);
});

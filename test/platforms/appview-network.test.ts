// The full network the metrics, inbox and listen tests rely on: a like, a repost and a reply
// from a second account are counted by the AppView and notified to the author.
import { AtpAgent } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNetwork, type Network } from '../support/network.js';

let net: Network;
beforeAll(async () => {
  net = await startNetwork();
}, 180_000);
afterAll(async () => {
  await net?.close();
}, 60_000);

async function account(handle: string): Promise<AtpAgent> {
  const agent = new AtpAgent({ service: net.pdsUrl });
  await agent.createAccount({ handle, email: `${handle.split('.')[0]}@example.com`, password: 'hunter2-long-enough' });
  return agent;
}

describe('full network with an AppView on a throwaway PostgreSQL', () => {
  it('counts likes, reposts and replies, and notifies the author', async () => {
    const team = await account('alice.test');
    const fan = await account('bob.test');
    const post = await team.post({ text: 'Launch day', createdAt: new Date().toISOString() });
    await fan.like(post.uri, post.cid);
    await fan.repost(post.uri, post.cid);
    await fan.post({ text: 'Congrats!', reply: { root: post, parent: post }, createdAt: new Date().toISOString() });
    await net.settle();

    const appview = new AtpAgent({ service: net.appviewUrl });
    const { data } = await appview.app.bsky.feed.getPosts({ uris: [post.uri] });
    expect(data.posts[0]).toMatchObject({ likeCount: 1, repostCount: 1, replyCount: 1 });

    // Through the PDS (the way the adapter reads: the PDS proxies app.bsky to the AppView).
    const viaPds = await team.app.bsky.feed.getPosts({ uris: [post.uri] });
    expect(viaPds.data.posts[0]?.likeCount).toBe(1);

    const notes = await team.app.bsky.notification.listNotifications();
    expect(notes.data.notifications.map((n) => n.reason).sort()).toEqual(['like', 'reply', 'repost']);
  }, 120_000);
});

// Calendar repositories with one Threads, Instagram or Facebook Pages account (`meta`) pointed at
// the local Graph server (or a proxy in front of it), each post carrying an image; the Graph
// server and the media site start before a test file's tests and stop after them.
import { afterAll, beforeAll } from 'vitest';
import { startGraph, startMediaSite, type FakeGraph, type MediaSite } from '../support/fake-graph.js';
import { jpeg } from '../support/images.js';
import { calendarRepo, configYaml, type PostSpec } from './calendar.js';

export type Meta = 'threads' | 'instagram' | 'facebook';

/** The request that publishes, per platform: the one whose answer the crash tests lose. */
export const PUBLISHING: Record<Meta, string> = { threads: '/threads_publish', instagram: '/media_publish', facebook: '/feed' };

export const image = jpeg();

/** Starts the Graph server and the media site for the calling test file; `servers` holds them once started. */
export function metaServers() {
  const servers = {} as { graph: FakeGraph; site: MediaSite };
  beforeAll(async () => {
    servers.graph = await startGraph({ containerPolls: 1 });
    servers.site = await startMediaSite({ 'media/box.jpg': image });
  });
  afterAll(async () => {
    await servers.graph.close();
    await servers.site.close();
  });
  return { servers, ...metaCalendars(servers) };
}

function metaCalendars(servers: { graph: FakeGraph; site: MediaSite }) {
  const accountYaml = (platform: Meta, server: string) => {
    const g = servers.graph;
    const id = platform === 'facebook' ? `pageId: "${g.pageId}"` : `userId: "${platform === 'threads' ? g.threadsUser : g.igUser}"`;
    return [`platform: ${platform}`, id, `server: ${server}`, ...(platform === 'facebook' ? [] : [`mediaBaseUrl: ${servers.site.url}`]), 'credentials: { token: META_TOKEN }'].join('\n');
  };
  // Instagram needs an image on every post; the others get one too, to go through uploads.
  const withImage = (p: PostSpec): PostSpec => ({ ...p, extra: 'media:\n  - file: media/box.jpg\n    alt: A grey box' });
  return {
    repoFor: (platform: Meta, server: string, posts: PostSpec[]) => calendarRepo(configYaml({ meta: accountYaml(platform, server) }), posts.map(withImage), { 'media/box.jpg': image }),
    postsWith: (platform: Meta, text: string) => servers.graph.posts.filter((p) => p.platform === platform && p.text === text),
  };
}

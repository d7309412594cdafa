// Calendar repositories with one Threads, Instagram or Facebook Pages account (`meta`) pointed at
// the local Graph server (or a proxy in front of it), each post carrying an image.
import type { FakeGraph, MediaSite } from '../support/fake-graph.js';
import { jpeg } from '../support/images.js';
import { calendarRepo, configYaml, type PostSpec } from './calendar.js';

export type Meta = 'threads' | 'instagram' | 'facebook';

/** The request that publishes, per platform: the one whose answer the crash tests lose. */
export const PUBLISHING: Record<Meta, string> = { threads: '/threads_publish', instagram: '/media_publish', facebook: '/feed' };

export const image = jpeg();

export function metaCalendars(graph: () => FakeGraph, site: () => MediaSite) {
  const accountYaml = (platform: Meta, server: string) => {
    const g = graph();
    const id = platform === 'facebook' ? `pageId: "${g.pageId}"` : `userId: "${platform === 'threads' ? g.threadsUser : g.igUser}"`;
    return [`platform: ${platform}`, id, `server: ${server}`, ...(platform === 'facebook' ? [] : [`mediaBaseUrl: ${site().url}`]), 'credentials: { token: META_TOKEN }'].join('\n');
  };
  // Instagram needs an image on every post; the others get one too, to go through uploads.
  const withImage = (p: PostSpec): PostSpec => ({ ...p, extra: 'media:\n  - file: media/box.jpg\n    alt: A grey box' });
  return {
    repoFor: (platform: Meta, server: string, posts: PostSpec[]) => calendarRepo(configYaml({ meta: accountYaml(platform, server) }), posts.map(withImage), { 'media/box.jpg': image }),
    postsWith: (platform: Meta, text: string) => graph().posts.filter((p) => p.platform === platform && p.text === text),
  };
}

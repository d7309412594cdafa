// Settings the three Meta platforms (Threads, Instagram, Facebook Pages) share.
import { z } from 'zod';

/** A numeric Graph API object id (user, Instagram account, page). */
export const graphId = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'number' ? String(v) : v),
    z.string().regex(/^\d+$/, `${what} is the numeric id Meta shows for it (digits only)`),
  );

/** Where the Graph API answers; tests and proxies point it elsewhere. */
export const server = (host: string) => z.url({ protocol: /^https?$/ }).optional().describe(`Graph API base URL (default ${host}).`);

export const apiVersion = (fallback: string) =>
  z
    .string()
    .regex(/^v\d+\.\d+$/, 'a Graph API version looks like v23.0')
    .optional()
    .describe(`Graph API version (default ${fallback}).`);

/**
 * Meta fetches images from a public URL: `mediaBaseUrl` + the file's path in the repository
 * (e.g. the site `socialcal export html` publishes, which copies media/).
 */
export const mediaBaseUrl = z
  .url({ protocol: /^https?$/ })
  .optional()
  .describe('Public URL the repository\'s media/ folder is served under, e.g. https://acme.github.io/calendar/ — Meta fetches images from there.');

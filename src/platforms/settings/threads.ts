import { z } from 'zod';
import { baseOf } from './base.js';
import { apiVersion, graphId, mediaBaseUrl, server } from './meta.js';

export const DEFAULT_SERVER = 'https://graph.threads.net';
export const DEFAULT_VERSION = 'v1.0';

export const settings = baseOf('threads').extend({
  userId: graphId('userId').describe('Threads user id (GET /me?fields=id with the token shows it).'),
  mediaBaseUrl,
  server: server(DEFAULT_SERVER),
  apiVersion: apiVersion(DEFAULT_VERSION),
});

export type ThreadsSettings = z.output<typeof settings>;

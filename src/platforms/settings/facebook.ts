import { z } from 'zod';
import { baseOf } from './base.js';
import { apiVersion, graphId, server } from './meta.js';

export const DEFAULT_SERVER = 'https://graph.facebook.com';
export const DEFAULT_VERSION = 'v23.0';

export const settings = baseOf('facebook').extend({
  pageId: graphId('pageId').describe('Facebook Page id (Page → About → Page transparency, or GET /me/accounts).'),
  server: server(DEFAULT_SERVER),
  apiVersion: apiVersion(DEFAULT_VERSION),
});

export type FacebookSettings = z.output<typeof settings>;

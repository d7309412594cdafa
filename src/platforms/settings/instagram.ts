import { z } from 'zod';
import { baseOf } from './base.js';
import { apiVersion, graphId, mediaBaseUrl, server } from './meta.js';

export const DEFAULT_SERVER = 'https://graph.facebook.com';
export const DEFAULT_VERSION = 'v23.0';

export const settings = baseOf('instagram').extend({
  userId: graphId('userId').describe('Instagram professional account id (the IG user id, not the Facebook page id).'),
  mediaBaseUrl,
  server: server(`${DEFAULT_SERVER}; https://graph.instagram.com for Instagram Login tokens`),
  apiVersion: apiVersion(DEFAULT_VERSION),
});

export type InstagramSettings = z.output<typeof settings>;

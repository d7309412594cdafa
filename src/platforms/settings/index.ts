// Every platform's account settings schema: the explicit list the config schema is built from.
import type { PlatformId } from '../../calendar/model.js';
import { settings as bluesky } from './bluesky.js';
import { settings as discord } from './discord.js';
import { settings as facebook } from './facebook.js';
import { settings as instagram } from './instagram.js';
import { settings as linkedin } from './linkedin.js';
import { settings as mastodon } from './mastodon.js';
import { settings as slack } from './slack.js';
import { settings as telegram } from './telegram.js';
import { settings as threads } from './threads.js';
import { settings as x } from './x.js';

export const ACCOUNT_SETTINGS = {
  bluesky,
  mastodon,
  x,
  linkedin,
  threads,
  facebook,
  instagram,
  discord,
  slack,
  telegram,
} satisfies Record<PlatformId, unknown>;

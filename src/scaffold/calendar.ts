import { stringify } from 'yaml';
import { schemaLine, type SchemaKind } from '../calendar/schema.js';
import { APPROVALS_WORKFLOW, CHECK_WORKFLOW, METRICS_WORKFLOW, PLAN_COMMENT_WORKFLOW, PUBLISH_WORKFLOW } from './workflows.js';
import { REPORT_WORKFLOW } from './report-workflow.js';

// The files `socialcal init` and `socialcal new` write. Pure: paths and contents only.

export interface ScaffoldFile {
  path: string;
  content: string;
}

/** YAML for a calendar file, starting with its editor schema line. */
export function yamlFile(kind: SchemaKind, path: string, data: unknown): string {
  const depth = path.split('/').length - 1;
  return `${schemaLine(kind, '../'.repeat(depth))}\n${stringify(data, { lineWidth: 0 })}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function day(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A working calendar whose example posts fall in the weeks after `today`. */
export function initialCalendar(timezone: string, today: Date): ScaffoldFile[] {
  const plus = (days: number) => new Date(today.getTime() + days * 86_400_000);
  const launch = plus(14);
  const postPath = (d: Date, slug: string) => `posts/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${slug}.yaml`;
  const files: ScaffoldFile[] = [
    {
      path: 'socialcal.yaml',
      content: yamlFile('config', 'socialcal.yaml', {
        timezone,
        accounts: {
          bluesky: { platform: 'bluesky', handle: 'example.bsky.social', credentials: { identifier: 'BLUESKY_HANDLE', password: 'BLUESKY_APP_PASSWORD' } },
          mastodon: { platform: 'mastodon', server: 'https://mastodon.social', handle: '@example@mastodon.social', credentials: { token: 'MASTODON_TOKEN' } },
          discord: { platform: 'discord', credentials: { webhook: 'DISCORD_WEBHOOK_URL' } },
        },
        roles: { marketing: ['your-github-handle'], legal: ['your-github-handle'] },
        pillars: ['education', 'community', 'promotion'],
        rules: {},
        publish: { grace: '6h' },
      }),
    },
    {
      path: 'campaigns/example-launch.yaml',
      content: yamlFile('campaign', 'campaigns/example-launch.yaml', {
        name: 'Example launch',
        starts: day(plus(7)),
        ends: day(plus(21)),
        objective: 'Show how campaigns group posts and tag their links.',
        owner: 'your-github-handle',
        kpis: [{ name: 'sign-ups', target: 100 }],
        utm: { medium: 'social' },
        milestones: { launch: { at: `${day(launch)} 10:00`, title: 'Launch day' } },
      }),
    },
    {
      path: postPath(plus(12), 'launch-teaser'),
      content: yamlFile('post', postPath(plus(12), 'launch-teaser'), {
        at: 'launch - 2d',
        channels: ['bluesky', 'mastodon'],
        campaign: 'example-launch',
        tags: ['product'],
        pillar: 'promotion',
        text: 'Something new is coming on launch day 👀 https://example.com/launch',
        status: 'draft',
        notes: 'Set status to ready when the copy is approved.',
      }),
    },
    {
      path: postPath(launch, 'launch-day'),
      content: yamlFile('post', postPath(launch, 'launch-day'), {
        at: 'launch',
        channels: ['bluesky', 'mastodon', 'discord'],
        campaign: 'example-launch',
        tags: ['product'],
        pillar: 'promotion',
        text: 'It is here! Read all about it: https://example.com/launch',
        thread: [{ text: 'Questions? Reply here and the team will answer all day.' }],
        overrides: { discord: { text: '@here It is launch day! https://example.com/launch' } },
        status: 'draft',
      }),
    },
    { path: '.github/workflows/socialcal-check.yml', content: CHECK_WORKFLOW },
    { path: '.github/workflows/socialcal-plan-comment.yml', content: PLAN_COMMENT_WORKFLOW },
    { path: '.github/workflows/socialcal-approvals.yml', content: APPROVALS_WORKFLOW },
    { path: '.github/workflows/socialcal-publish.yml', content: PUBLISH_WORKFLOW },
    { path: '.github/workflows/socialcal-metrics.yml', content: METRICS_WORKFLOW },
    { path: '.github/workflows/socialcal-report.yml', content: REPORT_WORKFLOW },
    { path: 'media/.gitkeep', content: '' },
  ];
  return files;
}

import { stringify } from 'yaml';
import { schemaLine, type SchemaKind } from '../calendar/schema.js';
import type { PlatformId } from '../calendar/model.js';
import { APPROVALS_WORKFLOW, CHECK_WORKFLOW, CURATE_WORKFLOW, listenWorkflow, metricsWorkflow, PLAN_COMMENT_WORKFLOW, publishWorkflow } from './workflows.js';
import type { PlatformWorkflow, WorkflowConfig } from './workflow-secrets.js';
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

/** The example accounts of a new socialcal.yaml, their secrets named as the team would name them. */
const EXAMPLE_ACCOUNTS = {
  bluesky: { platform: 'bluesky', handle: 'example.bsky.social', credentials: { identifier: 'BLUESKY_HANDLE', password: 'BLUESKY_APP_PASSWORD' } },
  mastodon: { platform: 'mastodon', server: 'https://mastodon.social', handle: '@example@mastodon.social', credentials: { token: 'MASTODON_TOKEN' } },
  discord: { platform: 'discord', credentials: { webhook: 'DISCORD_WEBHOOK_URL' } },
} satisfies Record<string, { platform: PlatformId; credentials: Record<string, string> } & Record<string, unknown>>;

const EXAMPLE_CONFIG: WorkflowConfig = {
  accounts: Object.entries(EXAMPLE_ACCOUNTS).map(([name, a]) => ({ name, platform: a.platform, credentials: a.credentials })),
};

/** The workflows whose socialcal step reads the accounts' secrets, and where `init` writes them. */
export const PLATFORM_WORKFLOWS: { workflow: PlatformWorkflow; path: string; build: (config: WorkflowConfig) => string }[] = [
  { workflow: 'publish', path: '.github/workflows/socialcal-publish.yml', build: publishWorkflow },
  { workflow: 'metrics', path: '.github/workflows/socialcal-metrics.yml', build: metricsWorkflow },
  { workflow: 'listen', path: '.github/workflows/socialcal-listen.yml', build: listenWorkflow },
];

/** The platform workflows for the accounts (and listening webhooks) of `config`. */
export function platformWorkflowFiles(config: WorkflowConfig): ScaffoldFile[] {
  return PLATFORM_WORKFLOWS.map((w) => ({ path: w.path, content: w.build(config) }));
}

/**
 * A working calendar whose example posts fall in the weeks after `today`. The platform
 * workflows pass the secrets of `workflowConfig` (an existing socialcal.yaml's), else of the
 * example accounts.
 */
export function initialCalendar(timezone: string, today: Date, workflowConfig: WorkflowConfig = EXAMPLE_CONFIG): ScaffoldFile[] {
  const plus = (days: number) => new Date(today.getTime() + days * 86_400_000);
  const launch = plus(14);
  const postPath = (d: Date, slug: string) => `posts/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${slug}.yaml`;
  const files: ScaffoldFile[] = [
    {
      path: 'socialcal.yaml',
      content: yamlFile('config', 'socialcal.yaml', {
        timezone,
        accounts: EXAMPLE_ACCOUNTS,
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
    ...platformWorkflowFiles(workflowConfig),
    { path: '.github/workflows/socialcal-report.yml', content: REPORT_WORKFLOW },
    { path: 'media/.gitkeep', content: '' },
  ];
  return files;
}

/** The daily curate workflow `init --curate` adds (docs/curate.md). */
export const CURATE_WORKFLOW_FILE: ScaffoldFile = { path: '.github/workflows/socialcal-curate.yml', content: CURATE_WORKFLOW };

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { draftPost } from '../commands/new.js';
import { editYaml, readYaml } from '../calendar/yaml-edit.js';
import { UsageError } from '../errors.js';
import { yamlFile } from '../scaffold/calendar.js';
import { changeBar, commitToBranch, openPullRequest, type GitHubTarget } from './changes.js';
import { fieldEdits } from './edit.js';
import type { LatestPerKey } from './latest.js';
import { movePost } from './move.js';
import { calendarData, postView, previewPost, readPostFile, saveMedia, version, writePostFile, WriteRefused, type Snapshot, type SnapshotCache } from './workspace.js';

// What each API route does, as functions from a request's parameters and JSON body to an
// answer. The HTTP server (server.ts) checks the token, origin and host before any of these run.

export interface ApiContext {
  root: string;
  now: () => Date;
  github?: GitHubTarget;
  calendar: SnapshotCache;
  /** Coalesces each post's previews while someone types. */
  previews: LatestPerKey;
}

export interface Answer {
  status: number;
  body: unknown;
}

const ok = (body: unknown, status = 200): Answer => ({ status, body });

const Fields = z.record(z.string(), z.unknown());
const Save = z.object({ version: z.string(), fields: Fields });
const Preview = z.object({ fields: Fields });
const Move = z.object({ day: z.string(), time: z.string().optional(), absolute: z.boolean().optional(), version: z.string().optional() });
const Create = z.object({ day: z.string(), time: z.string().optional(), template: z.string().optional() });
const Commit = z.object({ branch: z.string(), message: z.string() });
const PullRequest = z.object({ title: z.string().default('') });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new WriteRefused(`bad request: ${result.error.issues[0].path.join('.')} ${result.error.issues[0].message}`, 400);
  return result.data;
}

export async function getCalendar(ctx: ApiContext): Promise<Answer> {
  return ok(calendarData(await ctx.calendar.get(), ctx.now()));
}

export async function getPost(ctx: ApiContext, id: string): Promise<Answer> {
  const s = await ctx.calendar.get();
  const file = readPostFile(s, id);
  return ok({ ...file, fields: readYaml(file.text), timezone: s.calendar.postsById.get(id)!.timezone, ...postView(s, id) });
}

/** The file text the editor's fields make, from the file as it is on disk. */
function edited(s: Snapshot, id: string, fields: Record<string, unknown>): { file: string; text: string; base: string } {
  const current = readPostFile(s, id);
  return { file: current.file, base: current.version, text: editYaml(current.text, fieldEdits(readYaml(current.text), fields)) };
}

export async function preview(ctx: ApiContext, id: string, body: unknown): Promise<Answer> {
  const { fields } = parse(Preview, body);
  return ctx.previews.run(id, async () => {
    const s = await ctx.calendar.get();
    const { file, text } = edited(s, id, fields);
    return ok(previewPost(s, file, text, ctx.now()));
  });
}

export async function savePost(ctx: ApiContext, id: string, body: unknown): Promise<Answer> {
  const { version: base, fields } = parse(Save, body);
  const s = await ctx.calendar.get();
  const current = readPostFile(s, id);
  if (current.version !== base) throw new WriteRefused(`${current.file} changed on disk since you opened it`, 409);
  const { file, text } = edited(s, id, fields);
  writePostFile(ctx.root, file, text, base, ctx.calendar.parses);
  ctx.calendar.invalidate();
  return ok({ file, version: version(text) });
}

export async function move(ctx: ApiContext, id: string, body: unknown): Promise<Answer> {
  const target = parse(Move, body);
  const s = await ctx.calendar.get();
  const post = s.calendar.postsById.get(id);
  if (!post) throw new WriteRefused(`no post with id "${id}"`, 404);
  const result = movePost(s.calendar, post, target);
  if (!result.ok) return ok(result, result.reason === 'relative' ? 409 : 422);
  const current = readPostFile(s, id);
  if (target.version !== undefined && target.version !== current.version) throw new WriteRefused(`${current.file} changed on disk since you opened it`, 409);
  const text = editYaml(current.text, [{ path: ['at'], value: result.at }]);
  writePostFile(ctx.root, current.file, text, current.version, ctx.calendar.parses);
  ctx.calendar.invalidate();
  return ok({ ...result, file: current.file, version: version(text) });
}

export async function createPost(ctx: ApiContext, body: unknown): Promise<Answer> {
  const { day, time, template } = parse(Create, body);
  const s = await ctx.calendar.get();
  const accounts = Object.keys(s.calendar.config.accounts);
  const at = `${day} ${time ?? '10:00'}`;
  let id = `post-${day}`;
  for (let n = 2; s.calendar.postsById.has(id); n++) id = `post-${day}-${n}`;
  let draft;
  try {
    draft = draftPost(s.calendar, { at, id, template, text: template ? undefined : 'New post', channels: template ? undefined : accounts[0], status: 'draft' });
  } catch (error) {
    if (error instanceof UsageError) throw new WriteRefused(`${error.message}${error.hint ? ` (${error.hint})` : ''}`, 422);
    throw error;
  }
  writePostFile(ctx.root, draft.path, yamlFile('post', draft.path, draft.data), undefined, ctx.calendar.parses);
  ctx.calendar.invalidate();
  return ok({ id: draft.id, file: draft.path }, 201);
}

export async function deletePost(ctx: ApiContext, id: string, base: string | undefined): Promise<Answer> {
  const s = await ctx.calendar.get();
  const current = readPostFile(s, id);
  writePostFile(ctx.root, current.file, undefined, base ?? current.version, ctx.calendar.parses);
  ctx.calendar.invalidate();
  return ok({ deleted: current.file });
}

export function uploadMedia(ctx: ApiContext, name: string, bytes: Uint8Array): Answer {
  const file = saveMedia(ctx.root, name, bytes);
  ctx.calendar.invalidate();
  return ok({ file }, 201);
}

export async function changes(ctx: ApiContext): Promise<Answer> {
  return ok({ ...(await changeBar(ctx.root)), pullRequests: ctx.github !== undefined });
}

export async function commit(ctx: ApiContext, body: unknown): Promise<Answer> {
  const { branch, message } = parse(Commit, body);
  const done = await commitToBranch(ctx.root, branch.trim(), message);
  ctx.calendar.invalidate();
  return ok(done, 201);
}

export async function pullRequest(ctx: ApiContext, body: unknown): Promise<Answer> {
  if (!ctx.github) throw new WriteRefused('no GitHub token: start serve with GITHUB_TOKEN set to open pull requests', 400);
  const { title } = parse(PullRequest, body);
  return ok(await openPullRequest(ctx.root, ctx.github, title, ctx.now()), 201);
}

/** A browser file of the app, by name: only the files shipped in assets/serve/. */
export function appFile(dir: string, name: string): { type: string; body: Buffer } | undefined {
  const m = /^([a-z][a-z0-9-]*)\.(js|css|html|png)$/.exec(name);
  if (!m) return undefined;
  const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', html: 'text/html; charset=utf-8', png: 'image/png' };
  try {
    return { type: types[m[2]], body: readFileSync(join(dir, name)) };
  } catch {
    return undefined;
  }
}

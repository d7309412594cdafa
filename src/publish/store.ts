// The ledger branch as a store with optimistic concurrency: read a snapshot at the branch tip,
// write a commit on top of that tip, push without force. A rejected push means another run
// moved first: read again, recompute, retry. Never checks anything out in the user's tree.
import { createHash, randomBytes } from 'node:crypto';
import type { Freeze, LedgerView, Post, PublishSettings } from '../calendar/model.js';
import { SocialcalError, EXIT } from '../errors.js';
import { readBlobs, readObjects, writeCommit, type Identity } from '../git/plumbing.js';
import { compareAndSwapRef, fetchBranch, GitFailure, listFiles, pushRef, RefLockedError, updateRef, pushCommit, remoteNames, remoteUrl, repoInfo, resolveRef, resolveRefs, trackingRef } from '../git/repo.js';
import { recordedElsewhere } from './post-identity.js';
import { FREEZE_FILE, LEDGER_DIR, LEDGER_ID_FILE, MARKER_REF, ledgerPath, LedgerFormatError, parseFreezes, parseLedgerFile, postIdOf, serializeLedgerFile, type LedgerFile } from './ledger.js';

export interface LedgerLocation {
  /** The calendar repository (any directory inside it). */
  cwd: string;
  branch: string;
  remote: string;
  /** `remote` (default): the remote must exist; `local`: the local branch is the ledger, whatever remotes exist. */
  ledger?: 'remote' | 'local';
  /** A person confirmed that the ledger starts afresh (`publish --new-ledger`). */
  newLedger?: boolean;
}

/** Where the config says the ledger is. */
export function ledgerLocation(cwd: string, settings: PublishSettings): LedgerLocation {
  return { cwd, branch: settings.ledgerBranch, remote: settings.remote, ledger: settings.ledger };
}

/** Files this process wrote, by text: reading them back (the result commit after the claim) needs no YAML parsing. */
const ownLedgerTexts = new Map<string, LedgerFile>();

/** Serializes a ledger file and remembers it for reading back. */
export function writeLedgerText(file: LedgerFile): string {
  const text = serializeLedgerFile(file);
  ownLedgerTexts.set(text, structuredClone(file));
  return text;
}

export class LedgerSnapshot {
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, LedgerFile>();

  constructor(
    private readonly cwd: string,
    /** The commit read; undefined before the branch exists. */
    readonly tip: string | undefined,
    /** Post id → blob id of its ledger file. */
    readonly blobs: Map<string, string>,
    readonly freezes: Freeze[],
    /** The ledger's id (LEDGER_ID_FILE); undefined before the first commit or on ledgers older than the id. */
    readonly ledgerId?: string,
    /**
     * Path → blob id of the branch's other files (metrics, inbox state…): commands that keep their
     * own state on the ledger branch read them with `readFiles` and write them through `update`.
     */
    readonly others: Map<string, string> = new Map(),
  ) {}

  /** The texts of these other files (see `others`) at this snapshot; paths not on the branch are left out. */
  async readFiles(paths: Iterable<string>): Promise<Map<string, string>> {
    const wanted = [...new Set(paths)].filter((p) => this.others.has(p));
    const texts = await readBlobs(this.cwd, wanted.map((p) => this.others.get(p)!));
    const out = new Map<string, string>();
    for (const p of wanted) {
      const text = texts.get(this.others.get(p)!);
      if (text !== undefined) out.set(p, text);
    }
    return out;
  }

  /** Texts read for this snapshot by whoever read it (readLedger). */
  know(texts: Map<string, string>): void {
    for (const [id, text] of texts) if (this.blobs.has(id)) this.texts.set(id, text);
  }

  /** Reads the files of these posts (all when omitted) in one git process; others stay unread. */
  async fetchTexts(postIds: Iterable<string> = this.blobs.keys()): Promise<void> {
    const wanted = [...new Set(postIds)].filter((id) => this.blobs.has(id) && !this.texts.has(id));
    const texts = await readBlobs(this.cwd, wanted.map((id) => this.blobs.get(id)!));
    for (const id of wanted) {
      const text = texts.get(this.blobs.get(id)!);
      if (text !== undefined) this.texts.set(id, text);
    }
  }

  /** A post's ledger file, parsed on first use; its text must have been fetched. */
  file(postId: string): LedgerFile | undefined {
    let file = this.parsed.get(postId);
    if (!file) {
      const text = this.texts.get(postId);
      if (text === undefined) return undefined;
      const mine = ownLedgerTexts.get(text);
      file = mine ? structuredClone(mine) : parseLedgerFile(text, `${ledgerPath(postId)} on the ledger branch`);
      this.parsed.set(postId, file);
    }
    return file;
  }

  /**
   * Files under `dir` other than publish records (inbox, listening…), path → text, from the
   * snapshot's index of other files (`others`): no second listing of the tree.
   */
  filesUnder(dir: string): Promise<Map<string, string>> {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    return this.readFiles([...this.others.keys()].filter((path) => path.startsWith(prefix)));
  }

  /** Loads and parses the ledger files of these posts. */
  async load(postIds: Iterable<string>): Promise<Map<string, LedgerFile>> {
    const ids = [...postIds];
    await this.fetchTexts(ids);
    const out = new Map<string, LedgerFile>();
    for (const id of ids) {
      const file = this.file(id);
      if (file) out.set(id, file);
    }
    return out;
  }

  /**
   * The ledger right after this process committed `change` on top of this snapshot: known
   * without asking git again (no rev-parse, ls-tree or cat-file). Blob ids are hashed here as
   * git would, in the repository's object format (SHA-1, or SHA-256 for 64-digit ids).
   */
  after(tip: string, change: LedgerChange): LedgerSnapshot {
    const blobs = new Map(this.blobs);
    const others = new Map(this.others);
    let freezes = this.freezes;
    const texts = new Map(this.texts);
    const algorithm = tip.length === 64 ? 'sha256' : 'sha1';
    for (const path of change.remove ?? []) {
      others.delete(path);
      const id = postIdOf(path);
      if (id) {
        blobs.delete(id);
        texts.delete(id);
      }
      if (path === FREEZE_FILE) freezes = [];
    }
    for (const [path, content] of change.write) {
      if (path === FREEZE_FILE) freezes = parseFreezes(content);
      const id = path.startsWith(`${LEDGER_DIR}/`) ? postIdOf(path) : undefined;
      if (!id) {
        if (path !== FREEZE_FILE && path !== LEDGER_ID_FILE) others.set(path, blobId(content, algorithm));
        continue;
      }
      blobs.set(id, blobId(content, algorithm));
      texts.set(id, content);
    }
    const id = change.write.get(LEDGER_ID_FILE)?.trim() ?? this.ledgerId;
    const next = new LedgerSnapshot(this.cwd, tip, blobs, freezes, id, others);
    for (const [id, text] of texts) next.texts.set(id, text);
    return next;
  }

  /**
   * The read-only view commands and rules use; every file is read, each parsed only when asked.
   * Given the calendar's posts, a record under a reused id is not taken for the post's.
   */
  async view(posts?: Map<string, Post>): Promise<LedgerView> {
    await this.fetchTexts();
    const reused = (postId: string) => {
      const post = posts?.get(postId);
      const file = post && this.file(postId);
      return file ? recordedElsewhere(post, file) : undefined;
    };
    return {
      freezes: this.freezes,
      reused,
      status: (postId, account) => {
        if (reused(postId)) return undefined;
        const entry = this.file(postId)?.accounts[account];
        if (!entry) return undefined;
        return { state: entry.state, at: entry.updatedAt, ...(entry.items[0]?.url ? { url: entry.items[0].url } : {}) };
      },
    };
  }
}

export interface LedgerChange {
  write: Map<string, string>;
  remove?: string[];
  message: string;
}

function blobId(content: string, algorithm: 'sha1' | 'sha256'): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Marker commit → the ledger id in it: a commit never changes, so each is read once per process. */
const markerIds = new Map<string, string | undefined>();

async function ledgerIdAt(cwd: string, commit: string): Promise<string | undefined> {
  // cat-file answers `<commit>:<path>` under the blob's own id: the one value is the file.
  const [text] = (await readBlobs(cwd, [`${commit}:${LEDGER_ID_FILE}`])).values();
  return text?.trim();
}

/** Hard stop for `update(…, { until })`, whatever the clock says. */
export const MAX_ATTEMPTS = 60;

export class LedgerStore {
  /** The ledger ref was fetched or pushed by this store a moment ago. */
  private current = false;
  /**
   * The snapshot of this store's last fetch or its own last commit, while nobody could have moved
   * since: the next write starts from it without reading the branch again.
   */
  private ownTip: LedgerSnapshot | undefined;
  /** This clone's copy of the marker, read once per fetch. */
  private markerSha: Promise<string | undefined> | undefined;

  private constructor(
    readonly cwd: string,
    readonly branch: string,
    /** Undefined for a repository without that remote: the local branch is the ledger. */
    readonly remote: string | undefined,
    private readonly author: Identity,
    private readonly newLedger = false,
    /** A shallow clone fetches only the tip (fetchBranch); a fetch never changes whether it is one. */
    private readonly shallow?: boolean,
  ) {}

  static async open(location: LedgerLocation, author: Identity): Promise<LedgerStore> {
    // The remote's address is asked at the same time (any directory inside the repository will do).
    const [repo, url] = await Promise.all([repoInfo(location.cwd), location.ledger === 'local' ? undefined : remoteUrl(location.cwd, location.remote)]);
    if (!repo) {
      throw new SocialcalError(
        `${location.cwd} is not inside a git repository (or git is not installed)`,
        'publish keeps its ledger on a git branch: run it in a clone of the calendar repository',
        EXIT.usage,
      );
    }
    const { root, shallow } = repo;
    if (location.ledger === 'local') return new LedgerStore(root, location.branch, undefined, author, location.newLedger, shallow);
    if (!url) throw new MissingRemoteError(location.remote, await remoteNames(root));
    return new LedgerStore(root, location.branch, location.remote, author, location.newLedger, shallow);
  }

  /** Where the ledger is read from: the remote-tracking ref, or the local branch without a remote. */
  get ref(): string {
    return this.remote ? trackingRef(this.remote, this.branch) : `refs/heads/${this.branch}`;
  }

  /**
   * Fetches the branch (when there is a remote) and reads its tip, with the marker in the same
   * git processes. `allTexts`: every ledger file is read now too (for `view`).
   */
  async sync(opts: { allTexts?: boolean } = {}): Promise<LedgerSnapshot> {
    if (this.remote) await this.guard(() => fetchBranch(this.cwd, this.remote!, this.branch, [`+refs/socialcal/*:refs/socialcal/remotes/${this.remote}/*`], { shallow: this.shallow }));
    this.current = true;
    this.ownTip = undefined;
    const tips = await resolveRefs(this.cwd, [this.ref, this.markerRef]);
    const marker = tips.get(this.markerRef);
    this.markerSha = Promise.resolve(marker);
    const { snapshot, markerId } = await readLedger(this.cwd, this.ref, { tip: tips.get(this.ref), allTexts: opts.allTexts, marker: marker && !markerIds.has(marker) ? marker : undefined });
    if (marker && !markerIds.has(marker)) markerIds.set(marker, markerId);
    this.ownTip = snapshot;
    return snapshot;
  }

  /**
   * Writes a change on top of the snapshot's tip. False when the branch moved since (a push was
   * rejected): the caller reads again and recomputes.
   */
  async commit(snapshot: LedgerSnapshot, change: LedgerChange, when: Date): Promise<boolean> {
    const sha = await this.guard(() =>
      writeCommit(this.cwd, { parent: snapshot.tip, write: change.write, remove: change.remove, message: change.message, author: this.author, when }),
    );
    const moved = this.remote
      ? (await this.guard(() => pushCommit(this.cwd, this.remote!, sha, this.branch))) === 'pushed'
      : await this.guard(() => compareAndSwapRef(this.cwd, this.ref, sha, snapshot.tip));
    this.ownTip = moved ? snapshot.after(sha, change) : undefined;
    return moved;
  }

  /**
   * The optimistic loop: read, let `decide` compute a change (or nothing), commit; on a moved
   * branch start over. Returns what `decide` returned with the snapshot it was based on.
   */
  async update<T>(
    decide: (snapshot: LedgerSnapshot) => Promise<{ change?: LedgerChange; result: T }>,
    opts: {
      now: () => Date;
      sleep: (ms: number) => Promise<void>;
      attempts?: number;
      /** Keep trying past `attempts` until this time (results a run must not lose), up to MAX_ATTEMPTS. */
      until?: Date;
    },
  ): Promise<T> {
    const attempts = opts.attempts ?? 8;
    for (let attempt = 1; ; attempt++) {
      // Right after a fetch or our own push the local ref is current: skip the round trip.
      // If someone moved meanwhile, the push is rejected and the next attempt fetches.
      const snapshot = attempt === 1 && this.current ? (this.ownTip ?? (await readSnapshot(this.cwd, this.ref))) : await this.sync();
      this.current = false;
      this.ownTip = undefined;
      const marker = await this.checkIdentity(snapshot);
      const { change, result } = await decide(snapshot);
      if (!change || (change.write.size === 0 && !change.remove?.length)) return result;
      // The first commit of a ledger (or the first since ledgers had ids) gives it its id.
      const id = snapshot.ledgerId ?? randomBytes(8).toString('hex');
      const stamped = snapshot.ledgerId ? change : { ...change, write: new Map([...change.write, [LEDGER_ID_FILE, `${id}\n`]]) };
      if (await this.commit(snapshot, stamped, opts.now())) {
        this.current = true;
        if (marker?.id !== id) await this.setMarker(this.ownTip!.tip!, id, marker !== undefined);
        return result;
      }
      const more = attempt < attempts || (opts.until !== undefined && opts.now().getTime() < opts.until.getTime() && attempt < MAX_ATTEMPTS);
      if (!more) {
        throw new SocialcalError(
          `the ledger branch ${this.branch} kept moving: ${attempts} writes in a row were overtaken by other runs`,
          'too many publish runs at once? Check the CI concurrency group, then run publish again (nothing was posted twice)',
          EXIT.findings,
        );
      }
      // Others are writing right now: back off a little, with jitter so we do not collide again.
      await opts.sleep(Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
  }

  /** Where this clone keeps its copy of the marker. */
  private get markerRef(): string {
    return this.remote ? `refs/socialcal/remotes/${this.remote}/ledger` : MARKER_REF;
  }

  /**
   * The marker says which ledger this repository had. A ledger branch that is gone, or that is
   * another ledger (deleted and started again, renamed, `publish.branch` changed), would let
   * posts inside their grace period go out a second time: refuse until a person confirms.
   */
  private async checkIdentity(snapshot: LedgerSnapshot): Promise<{ sha: string; id: string | undefined } | undefined> {
    this.markerSha ??= resolveRef(this.cwd, this.markerRef);
    const sha = await this.markerSha;
    if (!sha) return undefined;
    const id = markerIds.has(sha) ? markerIds.get(sha) : await ledgerIdAt(this.cwd, sha);
    markerIds.set(sha, id);
    if (!this.newLedger && snapshot.ledgerId !== id) throw new LedgerReplacedError(this.branch, this.remote, sha, snapshot.tip !== undefined);
    return { sha, id };
  }

  /** Best effort: the commit that carries it is pushed already; a run that fails here sets it next time. */
  private async setMarker(sha: string, id: string, replace: boolean): Promise<void> {
    try {
      if (this.remote) await pushRef(this.cwd, this.remote, sha, MARKER_REF, replace);
      await updateRef(this.cwd, this.markerRef, sha);
      this.markerSha = Promise.resolve(sha);
      // The commit was written here with this id: the next check need not read it back.
      markerIds.set(sha, id);
    } catch {
      // Another run set it first, or the remote refused: the next write tries again.
    }
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof RefLockedError) {
        throw new SocialcalError(
          `ledger branch ${this.branch}${this.remote ? ` on remote ${this.remote}` : ''} is locked; git says: ${error.gitSays}`,
          `a git process ${this.remote ? 'on the server ' : ''}is still writing that branch, or one crashed and left the .lock file behind. ` +
            `Wait a minute and run publish again; if it stays locked and no git process is running there, remove that .lock file${this.remote ? ' on the server (on a hosted service: contact its support)' : ''}. Nothing was posted twice; results not yet recorded are kept (see docs/publishing.md)`,
          EXIT.usage,
        );
      }
      if (error instanceof GitFailure) {
        throw new SocialcalError(
          `ledger branch ${this.branch}${this.remote ? ` on remote ${this.remote}` : ''}: ${error.message}`,
          this.remote
            ? `check that remote "${this.remote}" is reachable and that CI may push to branch ${this.branch} (see docs/publishing.md)`
            : 'check the repository with `git status` and `git fsck`',
          EXIT.usage,
        );
      }
      throw error;
    }
  }
}

/** The ledger branch is not the ledger this repository had (see LedgerStore.checkIdentity). */
export class LedgerReplacedError extends SocialcalError {
  constructor(branch: string, remote: string | undefined, marker: string, exists: boolean) {
    const where = remote ? `on remote ${remote}` : 'in this repository';
    super(
      exists
        ? `the ledger branch ${branch} ${where} is not the ledger this repository had (its marker ${MARKER_REF} points at commit ${marker.slice(0, 12)}, from another ledger)`
        : `the ledger branch ${branch} ${where} does not exist, but this repository had a ledger (marker ${MARKER_REF} → commit ${marker.slice(0, 12)})`,
      `a deleted or renamed ledger branch, or a changed publish.branch, would post again everything still inside its grace period. ` +
        `Restore the branch (e.g. \`git push ${remote ?? '.'} <last ledger commit>:refs/heads/${branch}\`, or set publish.branch back), ` +
        `or — only if starting a new ledger is intended — run \`socialcal publish --new-ledger\` once`,
      EXIT.usage,
    );
    this.name = 'LedgerReplacedError';
  }
}

/**
 * The configured remote is not in this checkout. Publishing from a local branch here would not
 * see what other clones (every CI run) recorded, and would post everything again.
 */
export class MissingRemoteError extends SocialcalError {
  constructor(
    readonly remote: string,
    readonly known: string[],
  ) {
    super(
      `the ledger's remote "${remote}" (publish.remote in socialcal.yaml) is not configured in this checkout${known.length ? ` — it has ${known.map((r) => `"${r}"`).join(', ')}` : ' — it has no remotes'}`,
      known.length
        ? `set publish.remote to the remote CI pushes to${closest(remote, known) ? ` (did you mean "${closest(remote, known)}"?)` : ''}; only if this clone's own branch is the ledger, set publish.ledger: local`
        : 'publish from a clone of the calendar repository (`git remote add origin <url>`); only if this repository is the one and only ledger, set publish.ledger: local',
      EXIT.usage,
    );
    this.name = 'MissingRemoteError';
  }
}

function closest(name: string, known: string[]): string | undefined {
  return known.find((k) => k.toLowerCase().startsWith(name.toLowerCase().slice(0, 2))) ?? (known.length === 1 ? known[0] : undefined);
}

/** Reads the ledger at a ref (or a commit, then `name`d by its ref in errors): file list and freezes; ledger files are loaded on demand. */
export async function readSnapshot(cwd: string, ref: string, name = ref): Promise<LedgerSnapshot> {
  return (await readLedger(cwd, name, { tip: await resolveRef(cwd, ref) })).snapshot;
}

interface LedgerReading {
  /** The commit the ref points at, found already (undefined: no such branch). */
  tip: string | undefined;
  /** Also read every ledger file now (`view` reads them all), in the one cat-file. */
  allTexts?: boolean;
  /** Also read the ledger id in this marker commit, in the same process. */
  marker?: string;
}

/**
 * The ledger at `tip`: the file list (one ls-tree), then freezes, the ledger id and what
 * `reading` asks for in one cat-file.
 */
async function readLedger(cwd: string, ref: string, reading: LedgerReading): Promise<{ snapshot: LedgerSnapshot; markerId?: string }> {
  const { tip, marker } = reading;
  const blobs = new Map<string, string>();
  const others = new Map<string, string>();
  let freezeBlob: string | undefined;
  let idBlob: string | undefined;
  if (tip) {
    for (const e of await listFiles(cwd, tip)) {
      if (e.path === FREEZE_FILE) freezeBlob = e.sha;
      else if (e.path === LEDGER_ID_FILE) idBlob = e.sha;
      else if (e.path.startsWith(`${LEDGER_DIR}/`)) {
        const id = postIdOf(e.path);
        if (id) blobs.set(id, e.sha);
      } else others.set(e.path, e.sha);
    }
  }
  // cat-file answers in the order asked: the small files, the marker's id, then the ledger files.
  const head = [freezeBlob, idBlob, marker === undefined ? undefined : `${marker}:${LEDGER_ID_FILE}`];
  const wanted = tip && reading.allTexts ? [...blobs] : [];
  const names = [...head.filter((n): n is string => n !== undefined), ...wanted.map(([, sha]) => sha)];
  const read = names.length ? await readObjects(cwd, names) : [];
  let at = 0;
  const [freezeText, idText, markerText] = head.map((n) => (n === undefined ? undefined : read[at++]?.toString('utf8')));
  let freezes: Freeze[] = [];
  if (freezeBlob) {
    try {
      freezes = parseFreezes(freezeText ?? '');
    } catch (error) {
      throw new LedgerFormatError(`${FREEZE_FILE} on ${ref}`, (error as Error).message);
    }
  }
  const snapshot = new LedgerSnapshot(cwd, tip, blobs, freezes, idBlob ? idText?.trim() : undefined, others);
  const texts = new Map<string, string>();
  for (const [postId] of wanted) {
    const bytes = read[at++];
    if (bytes) texts.set(postId, bytes.toString('utf8'));
  }
  snapshot.know(texts);
  return { snapshot, ...(marker !== undefined ? { markerId: markerText?.trim() } : {}) };
}

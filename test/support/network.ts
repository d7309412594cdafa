// A full Bluesky network for tests: PLC, PDS, the AppView (which indexes likes, reposts,
// replies, follows, notifications and search) and Ozone, from @atproto/dev-env's TestNetwork.
// The AppView and Ozone keep their data in PostgreSQL: each call starts a throwaway cluster in
// a temp dir (Debian's `postgresql` package; `.ci/run` installs it when missing) on its own
// port, and removes it on close. PostgreSQL refuses to run as root, so as root the cluster is
// run as the `postgres` user the Debian package creates.
import { TestNetwork } from '@atproto/dev-env';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Network {
  network: TestNetwork;
  /** The PDS, where accounts live and posts are written (what the Bluesky adapter talks to). */
  pdsUrl: string;
  /** The AppView, which answers app.bsky.* reads (also proxied through the PDS). */
  appviewUrl: string;
  /** Indexes everything the PDS has sequenced so far; call after writes, before reading counts. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** Where Debian keeps PostgreSQL's server binaries (initdb, postgres), newest version first. */
export function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed: the AppView tests need Debian\'s `postgresql` package (apt-get install postgresql; .ci/run installs it)');
  }
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as a user it accepts. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', join(postgresBin(), bin), ...args]] : [join(postgresBin(), bin), args];
}

export interface Postgres {
  url: string;
  stop(): Promise<void>;
}

/** A PostgreSQL cluster of its own in a temp dir, listening on loopback only. */
export async function startPostgres(): Promise<Postgres> {
  const dir = mkdtempSync(join(tmpdir(), 'socialcal-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const [initCmd, initArgs] = pgCommand('initdb', ['-D', data, '-U', 'pg', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [cmd, args] = pgCommand('postgres', [
    '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ]);
  const server: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const pidFile = join(data, 'postmaster.pid');
  let log = '';
  server.stderr?.on('data', (chunk) => (log += chunk));
  const url = `postgresql://pg@127.0.0.1:${port}/postgres`;
  await waitForPort(port, () => server.exitCode !== null, () => log);
  return {
    url,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        // The postmaster itself (runuser does not pass SIGINT on): SIGINT is a fast shutdown.
        const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGINT');
        else server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, died: () => boolean, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (died()) throw new Error(`PostgreSQL did not start:\n${log()}`);
    if (/ready to accept connections/.test(log())) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`PostgreSQL did not start on port ${port} within 60 s:\n${log()}`);
}

/**
 * Starts PostgreSQL and a full TestNetwork on it (about 30 s on a loaded machine: give
 * beforeAll a long timeout). Close it in afterAll. The PDS reserves some handles: `alice.test`,
 * `bob.test`, `carol.test` work; `team.test` and `acme.test` are refused as reserved.
 */
export async function startNetwork(): Promise<Network> {
  const pg = await startPostgres();
  // dev-env asserts a Redis host is configured; nothing the tests use connects to it.
  process.env.REDIS_HOST ??= '127.0.0.1:1';
  let network: TestNetwork;
  try {
    network = await TestNetwork.create({ dbPostgresUrl: pg.url, dbPostgresSchema: 'socialcal' });
  } catch (err) {
    await pg.stop();
    throw err;
  }
  return {
    network,
    pdsUrl: network.pds.url,
    appviewUrl: network.bsky.url,
    settle: () => network.processAll(30_000),
    async close() {
      await network.close();
      await pg.stop();
    },
  };
}

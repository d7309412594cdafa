// A person's decision about a pair whose outcome socialcal could not know:
// `socialcal publish --resolve <post-id>:<account>=published|retry`.
import type { Calendar } from '../calendar/model.js';
import { UsageError } from '../errors.js';
import { createAdapter } from '../platforms/index.js';
import { actor, committer } from './identity.js';
import { ledgerPath, serializeLedgerFile } from './ledger.js';
import { resolve, type Resolution } from './states.js';
import { LedgerStore, ledgerLocation } from './store.js';

export interface ResolveRequest {
  post: string;
  account: string;
  how: Resolution;
}

const SPEC = /^([^:=\s]+):([^:=\s]+)=(published|retry)$/;

export function parseResolve(spec: string): ResolveRequest {
  const m = SPEC.exec(spec.trim());
  if (!m) throw new UsageError(`--resolve ${spec}: expected <post-id>:<account>=published|retry`, 'e.g. --resolve launch-teaser:acme-slack=published');
  return { post: m[1], account: m[2], how: m[3] as Resolution };
}

export interface Resolved extends ResolveRequest {
  previous: string;
  by: string;
}

/** Records the decisions in one ledger commit. Only pairs that are unknown, failed or stuck in a claim can be resolved. */
export async function resolvePairs(calendar: Calendar, requests: ResolveRequest[], env: NodeJS.ProcessEnv, now: Date): Promise<Resolved[]> {
  const settings = calendar.config.publish;
  const identity = committer(settings, env);
  const store = await LedgerStore.open(ledgerLocation(calendar.root, settings), identity);
  const by = await actor(store.cwd, env, identity);
  const handles = new Map<string, () => string>();
  for (const r of requests) {
    const account = calendar.config.accounts[r.account];
    if (!account) throw new UsageError(`--resolve ${r.post}:${r.account}: no account "${r.account}" in socialcal.yaml`);
    if (r.how === 'retry' && !handles.has(r.account)) {
      const adapter = await createAdapter(account, env, { root: calendar.root }).catch(() => undefined);
      handles.set(r.account, () => adapter?.newHandle() ?? crypto.randomUUID());
    }
  }
  return store.update(
    async (snapshot) => {
      const files = await snapshot.load(requests.map((r) => r.post));
      const write = new Map<string, string>();
      const done: Resolved[] = [];
      for (const r of requests) {
        const file = files.get(r.post);
        const entry = file?.accounts[r.account];
        if (!file || !entry) throw new UsageError(`--resolve ${r.post}:${r.account}: the ledger has no record for this pair`, 'only pairs that publish tried can be resolved; see `socialcal ls --all`');
        if (entry.state === 'published' || entry.state === 'missed') {
          throw new UsageError(`--resolve ${r.post}:${r.account}: already ${entry.state}; nothing to resolve`);
        }
        file.accounts[r.account] = resolve(entry, r.how, by, now, settings.graceMinutes * 60_000, handles.get(r.account) ?? (() => crypto.randomUUID()));
        write.set(ledgerPath(r.post), serializeLedgerFile(file));
        done.push({ ...r, previous: entry.state, by });
      }
      const lines = done.map((d) => `${d.post} → ${d.account}: ${d.previous} → ${d.how}`);
      return { change: { write, message: `socialcal publish --resolve: ${done.length} pair${done.length === 1 ? '' : 's'}\n\n${lines.join('\n')}\n\nBy: ${by}\n` }, result: done };
    },
    { now: () => now, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
  );
}

// A local PDS in its own process for bench-publish.js: prints one JSON line (url, accounts with
// app passwords) and runs until its stdin closes. Kept apart from the process that spawns git:
// better-sqlite3's finalizers can abort node when they run next to child-process work.
import { TestNetworkNoAppView } from '@atproto/dev-env';

const network = await TestNetworkNoAppView.create({});
const agent = network.pds.getClient();
const accounts = [];
for (const name of process.argv.slice(2)) {
  const did = (await agent.createAccount({ handle: `${name}.test`, email: `${name}@test.com`, password: `${name}-pass` })).data.did;
  const password = (await agent.com.atproto.server.createAppPassword({ name: 'bench' })).data.password;
  accounts.push({ name, did, password });
}
process.stdout.write(JSON.stringify({ url: network.pds.url, accounts }) + '\n');
process.stdin.resume();
process.stdin.on('end', async () => {
  await network.close();
  process.exit(0);
});

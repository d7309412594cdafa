// Runs the CLI in this process and reports its peak memory on stderr's last line.
process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\n@@rss ${process.resourceUsage().maxRSS}\n@@cpu ${user + system}\n`);
});
process.argv = [process.argv[0], 'socialcal', ...process.argv.slice(2)];
// As bin/socialcal.js does.
(await import('node:module')).enableCompileCache?.();
const { existsSync } = await import('node:fs');
await import(existsSync(new URL('../dist/bundle/main.js', import.meta.url)) ? '../dist/bundle/main.js' : '../dist/main.js');

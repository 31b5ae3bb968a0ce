// bench:sync's measured process: one `sync` through the CLI's own code into the database named on
// the command line, then one JSON line with its timings. Never prints the password or message data.
const startedMs = performance.now(); // already counts Node's and tsx's start-up since process start
const { runCli } = await import('../main/cli/main');
await import('../main/cli/sync-command'); // loaded here so the sync time excludes module loading
const loadedMs = performance.now();

export {}; // a module, for the top-level awaits

const out: string[] = [];
const err: string[] = [];
const status = await runCli(['sync', ...process.argv.slice(2)], {
  out: (t) => out.push(t),
  err: (t) => err.push(t),
});
const doneMs = performance.now();

process.stdout.write(
  JSON.stringify({
    status,
    startupMs: startedMs,
    loadMs: loadedMs - startedMs,
    syncMs: doneMs - loadedMs,
    maxRssKb: process.resourceUsage().maxRSS,
    result: JSON.parse(out.join('\n') || 'null') as unknown,
    err: err.join('\n'),
  }) + '\n',
);

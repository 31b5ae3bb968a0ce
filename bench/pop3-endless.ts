// Peak memory of a POP3 session against a server that never stops sending: each scenario runs in
// a fresh process (client and scripted server together) and reports the limit that ended it, the
// time taken and the process's peak RSS. Run: npm run bench:endless [-- scenario]
import { spawnSync } from 'node:child_process';
import { Pop3Client } from '../main/pop3';
import { Pop3Error } from '../main/pop3/errors';
import { startScriptedServer, type StreamRule } from '../main/testing/scripted-pop3-server';

interface Scenario {
  rule: StreamRule;
  run: (c: Pop3Client) => Promise<unknown>;
}

// 83-octet UIDL lines: the longest a valid listing has, so the octet cap is what ends it.
const longUidl = `1000000 ${'u'.repeat(70)}\r\n`.repeat(512);

const SCENARIOS: Record<string, Scenario> = {
  'endless-capa': {
    rule: { command: 'CAPA', nth: 2, chunk: 'X-FILLER capability line\r\n'.repeat(512) },
    run: (c) => c.refreshCapabilities(),
  },
  'endless-uidl-no-count': {
    rule: { command: 'UIDL', chunk: longUidl },
    run: (c) => c.uidl(),
  },
  'endless-uidl-after-stat': {
    rule: { command: 'UIDL', chunk: longUidl },
    run: async (c) => {
      await c.stat();
      return c.uidl();
    },
  },
  'endless-list-no-count': {
    rule: { command: 'LIST', chunk: '1 100\r\n'.repeat(4096) },
    run: (c) => c.list(),
  },
  'endless-retr-list-size-10MB': {
    rule: { command: 'RETR', chunk: `${'x'.repeat(65_534)}\r\n` },
    run: (c) => retrInto(c, 10 * 1024 * 1024),
  },
  'endless-retr-no-size': {
    rule: { command: 'RETR', chunk: `${'x'.repeat(65_534)}\r\n` },
    run: (c) => retrInto(c, undefined),
  },
  'endless-status-line': {
    rule: { command: 'STAT', status: '', chunk: '9'.repeat(65_536) },
    run: (c) => c.stat(),
  },
};

// The way a store-bound consumer holds a message: every chunk kept until the end.
async function retrInto(c: Pop3Client, expectedOctets: number | undefined): Promise<void> {
  const chunks: Buffer[] = [];
  await c.retr(1, (chunk) => chunks.push(chunk), { expectedOctets });
}

async function runScenario(name: string): Promise<void> {
  const scenario = SCENARIOS[name];
  if (!scenario) throw new Error(`unknown scenario ${name}`);
  // The CAPA rule applies to the second CAPA only, so that connect itself succeeds.
  const server = await startScriptedServer({
    mailbox: [{ body: Buffer.from('Subject: x\r\n\r\nx\r\n') }],
    faults: { streamOn: scenario.rule },
  });
  const client = await Pop3Client.connect({
    host: server.host,
    port: server.port,
    security: 'none',
  });
  await client.authenticate({
    user: 'user',
    secret: 'secret',
    method: 'user',
    allowInsecurePassword: true,
  });
  const started = Date.now();
  let outcome = 'ok (not ended!)';
  try {
    await scenario.run(client);
  } catch (err) {
    outcome =
      err instanceof Pop3Error ? `${err.kind}/${err.limit ?? '-'}: ${err.message}` : String(err);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const peakMb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
  console.log(
    `${name.padEnd(28)} peak RSS ${peakMb.padStart(4)} MB  ${seconds.padStart(5)} s  ${outcome}`,
  );
  client.close();
  await server.close();
}

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== undefined && only !== '--all') {
    await runScenario(only);
    return;
  }
  for (const name of Object.keys(SCENARIOS)) {
    // A fresh process per scenario, so each peak RSS is its own.
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, name], {
      stdio: 'inherit',
    });
    if (child.status !== 0) process.exitCode = 1;
  }
}

void main();

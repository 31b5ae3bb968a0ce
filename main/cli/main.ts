// The command-line entry point: the same main-process code the app runs, without a window.
import { describeFailure, UsageError } from './cli-error';
import type { ConnectOptions } from '../pop3';
import type { OutboxSenderDeps } from '../outbox';

export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Exact bytes (show --raw); defaults to stdout. */
  rawOut?(bytes: Uint8Array): void;
  /** Test hooks for the transport (timeouts); never set from the command line. */
  connectOverrides?: Partial<ConnectOptions>;
  /** Test hooks for SMTP (a test CA, timeouts); never set from the command line. */
  smtpOverrides?: Pick<OutboxSenderDeps, 'tls' | 'timeouts'>;
}

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  probe: async () => (await import('./probe-command')).probeCommand,
  sync: async () => (await import('./sync-command')).syncCommand,
  list: async () => (await import('./list-command')).listCommand,
  show: async () => (await import('./show-command')).showCommand,
  log: async () => (await import('./log-command')).logCommand,
  export: async () => (await import('./folder-commands')).exportCommand,
  import: async () => (await import('./folder-commands')).importCommand,
  send: async () => (await import('./send-command')).sendCommand,
};

const USAGE = `usage: popline <command> [options]
commands:
  probe --host H --port P --security tls|starttls|none --user U [--auth M] [--cert-fingerprint SHA256] [--json]
  sync --db PATH (server options as for probe) [--delete|--keep|--keep-days N|--delete-when-deleted-locally] [--max-size OCTETS] [--json]
  list --db PATH [--search QUERY] [--limit N] [--json]
  show --db PATH ID [--json | --raw]
  log  --db PATH [--session ID | --last] [--json]
  export --db PATH --folder NAME --mbox FILE
  import --db PATH --folder NAME FILE...   (mbox or .eml files; a new NAME makes a folder)
  send --db PATH --smtp-host H --smtp-port P --security tls|starttls|none [--allow-insecure-password]
       [--cert-fingerprint SHA256] --user U --from ADDRESS [--name NAME] --to ADDRESS... [--cc ADDRESS...]
       [--bcc ADDRESS...] --subject S [--body-file F] [--attach F...] [--json]
The password or token is read from POPLINE_PASSWORD.`;

export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(name ? `unknown command: ${name}\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    return await (
      await load()
    )(rest, io);
  } catch (e) {
    const where = e instanceof UsageError ? undefined : hostPort(rest);
    const f = describeFailure(normalise(e), where);
    io.err(f.line);
    return f.status;
  }
}

function normalise(e: unknown): unknown {
  // node:util parseArgs throws TypeErrors with a code for unknown or malformed options.
  if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
    return new UsageError(e.message);
  }
  return e;
}

function hostPort(argv: string[]): string | undefined {
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const host = at('--host') ?? at('--smtp-host');
  return host ? `${host}:${at('--port') ?? at('--smtp-port') ?? ''}` : undefined;
}

/** Runs one command as this process: its output on stdout/stderr, its status as the exit code. */
export function runAsProcess(argv: string[]): Promise<void> {
  return runCli(argv, {
    out: (t) => process.stdout.write(t + '\n'),
    err: (t) => process.stderr.write(t + '\n'),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

const isEntry = process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isEntry) void runAsProcess(process.argv.slice(2));

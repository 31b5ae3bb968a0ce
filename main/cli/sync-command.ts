// `sync`: one POP3 session for the account (created or updated from the flags), into a database.
import { parseArgs } from 'node:util';
import type { AccountSettings, Retention } from '../../shared/model/account';
import { errorFromIssue } from '../errors';
import { openStore } from '../store';
import { storePort, syncAccount, type SyncResult } from '../sync';
import { cliFailure, EXIT, UsageError } from './cli-error';
import { readServerArgs, secretFromEnv, serverOptions } from './options';
import type { CommandIo } from './main';

const options = {
  ...serverOptions,
  db: { type: 'string' },
  delete: { type: 'boolean', default: false },
  keep: { type: 'boolean', default: false },
  'keep-days': { type: 'string' },
  'delete-when-deleted-locally': { type: 'boolean', default: false },
  'max-size': { type: 'string' },
} as const;

function retentionOf(v: Record<string, string | boolean | undefined>): Retention {
  const chosen: Retention[] = [];
  if (v.delete) chosen.push({ mode: 'delete' });
  if (v.keep) chosen.push({ mode: 'keep' });
  if (typeof v['keep-days'] === 'string') {
    const days = Number(v['keep-days']);
    if (!Number.isInteger(days) || days < 1)
      throw new UsageError('--keep-days must be a whole number of days ≥ 1');
    chosen.push({ mode: 'keep-days', days });
  }
  if (v['delete-when-deleted-locally']) chosen.push({ mode: 'delete-when-deleted-locally' });
  if (chosen.length > 1)
    throw new UsageError(
      'choose one of --delete, --keep, --keep-days, --delete-when-deleted-locally',
    );
  return chosen[0] ?? { mode: 'delete' };
}

export function needDb(v: { db?: string | undefined }): string {
  if (!v.db) throw new UsageError('--db PATH is required');
  return v.db;
}

export function syncJson(r: SyncResult) {
  return {
    session: r.session,
    outcome: r.outcome,
    retrieved: r.retrieved,
    deleted: r.deleted,
    skipped: r.skipped,
    reachedUpdate: r.reachedUpdate,
    errors: r.errors,
    warnings: r.warnings,
    nextAllowedLogin:
      r.nextAllowedLogin === null ? null : new Date(r.nextAllowedLogin).toISOString(),
  };
}

export async function syncCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options, strict: true });
  const s = readServerArgs(values);
  const dbPath = needDb(values);
  const secret = secretFromEnv();
  let maxSize: number | null = null;
  if (values['max-size'] !== undefined) {
    maxSize = Number(values['max-size']);
    if (!Number.isInteger(maxSize) || maxSize < 1)
      throw new UsageError('--max-size must be a positive number of octets');
  }
  const store = openStore(dbPath);
  try {
    const existing = store.accounts.findByIdentity(s.user, s.host, s.port);
    const settings: AccountSettings = {
      name: existing?.name ?? '',
      host: s.host,
      port: s.port,
      security: s.security,
      auth: s.auth,
      user: s.user,
      allowInsecurePassword: s.allowInsecurePassword,
      retention: retentionOf(values),
      maxMessageSize: maxSize,
      checkIntervalSeconds: existing?.checkIntervalSeconds ?? 600,
      certFingerprint256: s.certFingerprint256 ?? existing?.certFingerprint256 ?? null,
    };
    const account = store.accounts.upsertByIdentity(settings);
    const r = await syncAccount(
      {
        port: storePort(store),
        secret: () => secret,
        ...(io.connectOverrides ? { connectOptions: io.connectOverrides } : {}),
      },
      account.id,
    );
    if (values.json) io.out(JSON.stringify(syncJson(r), null, 2));
    else io.out(syncText(r));
    return exitStatus(r, `${s.host}:${s.port}`, io);
  } finally {
    store.close();
  }
}

function syncText(r: SyncResult): string {
  const lines = [
    `session ${r.session ?? '-'}: ${r.outcome}`,
    `  retrieved ${r.retrieved}, deleted ${r.deleted} (confirmed by QUIT), left on server ${r.skipped}`,
  ];
  if (r.nextAllowedLogin)
    lines.push(`  next login allowed at ${new Date(r.nextAllowedLogin).toISOString()}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const e of r.errors)
    lines.push(`  ${e.uidl ? `message ${e.uidl}: ` : ''}${e.kind}: ${e.message}`);
  return lines.join('\n');
}

function exitStatus(r: SyncResult, where: string, io: CommandIo): number {
  if (r.outcome === 'ok') return EXIT.ok;
  if (r.outcome === 'partial') {
    // The session's own errors (QUIT refused) are not messages: each is said as it is.
    const messages = r.errors.filter((e) => e.uidl !== undefined).length;
    for (const e of r.errors) if (e.uidl === undefined) io.err(`error: ${e.message}`);
    if (messages > 0)
      io.err(`error: ${messages} message(s) could not be processed; see the errors above`);
    else if (r.errors.length === 0)
      io.err('error: message(s) were left on the server; see the warnings above');
    return EXIT.failure;
  }
  const first = r.errors.find((e) => e.uidl === undefined) ?? r.errors[0];
  if (!first) return EXIT.failure;
  const f = cliFailure(
    errorFromIssue(first, { now: Date.now(), retryAt: r.nextAllowedLogin }),
    where,
  );
  io.err(f.line);
  return f.status;
}

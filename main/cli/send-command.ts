// `send`: composes one message, commits it whole to the outbox, then submits it in one SMTP
// session. The identity (server, user, address) is created or updated from the flags, as `sync`
// does accounts; the password comes from POPLINE_PASSWORD and is never stored.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { identitySettingsSchema, mailAddressSchema } from '../../shared/model/identity';
import { securityModes } from '../../shared/model/account';
import { queueMessage, recoverOutbox, sendFromOutbox } from '../outbox';
import { composeMessage } from '../smtp';
import { openStore } from '../store';
import { EXIT, UsageError } from './cli-error';
import { secretFromEnv } from './options';
import { needDb } from './sync-command';
import type { CommandIo } from './main';

const options = {
  db: { type: 'string' },
  'smtp-host': { type: 'string' },
  'smtp-port': { type: 'string' },
  security: { type: 'string' },
  'allow-insecure-password': { type: 'boolean', default: false },
  'cert-fingerprint': { type: 'string' },
  user: { type: 'string' },
  from: { type: 'string' },
  name: { type: 'string', default: '' },
  to: { type: 'string', multiple: true },
  cc: { type: 'string', multiple: true },
  bcc: { type: 'string', multiple: true },
  subject: { type: 'string', default: '' },
  'body-file': { type: 'string' },
  attach: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
} as const;

const address = (flag: string, value: string) => {
  const parsed = mailAddressSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${flag} ${value}: not an e-mail address`);
  return { name: '', address: parsed.data };
};

/** Exit status by how the session ended (see cli-error's EXIT). */
const STATUS_BY_ERROR: Record<string, number> = {
  auth: EXIT.credentials,
  tls: EXIT.certificate,
  insecure: EXIT.insecure,
  connect: EXIT.network,
  'connection-lost': EXIT.network,
};

export async function sendCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options, strict: true });
  const dbPath = needDb(values);
  const need = (k: keyof typeof values): string => {
    const v = values[k];
    if (typeof v !== 'string' || v === '') throw new UsageError(`--${k} is required`);
    return v;
  };
  const security = need('security');
  if (!(securityModes as readonly string[]).includes(security)) {
    throw new UsageError(`--security must be one of ${securityModes.join(', ')}`);
  }
  const port = Number(values['smtp-port'] ?? (security === 'tls' ? 465 : 587));
  const settings = identitySettingsSchema.safeParse({
    accountId: null,
    name: values.name,
    address: need('from'),
    smtpHost: need('smtp-host'),
    smtpPort: port,
    security,
    allowInsecurePassword: values['allow-insecure-password'],
    auth: 'auto',
    smtpUser: need('user'),
  });
  if (!settings.success) {
    throw new UsageError(
      settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  const to = (values.to ?? []).map((a) => address('to', a));
  const cc = (values.cc ?? []).map((a) => address('cc', a));
  const bcc = (values.bcc ?? []).map((a) => address('bcc', a));
  if (to.length + cc.length + bcc.length === 0) throw new UsageError('--to ADDRESS is required');
  const body = values['body-file'] ? readFileSync(values['body-file'], 'utf8') : '';
  const attachments = (values.attach ?? []).map((file) => ({
    filename: basename(file),
    contentType: 'application/octet-stream',
    content: readFileSync(file),
  }));
  const password = secretFromEnv();

  const store = openStore(dbPath);
  try {
    // A send that a killed process left half-way is settled before anything new goes out.
    recoverOutbox(store);
    const identity = store.identities.upsert(settings.data);
    const message = await composeMessage({
      from: { name: identity.name, address: identity.address },
      to,
      cc,
      bcc,
      subject: values.subject,
      body,
      attachments,
    });
    const item = queueMessage(store, identity, message, values.subject);
    const result = await sendFromOutbox(
      {
        store,
        password: () => password,
        ...(values['cert-fingerprint'] ? { certFingerprint256: values['cert-fingerprint'] } : {}),
        ...(io.smtpOverrides ?? {}),
      },
      item.id,
    );
    if (values.json) {
      io.out(
        JSON.stringify(
          {
            id: result.id,
            status: result.status,
            messageId: result.messageId,
            session: result.sessionId,
            error: result.error,
            refused: result.refused,
          },
          null,
          2,
        ),
      );
    } else {
      io.out(
        `outbox ${result.id}: ${result.status} ${result.messageId} (session ${result.sessionId})`,
      );
      if (result.refused.length) io.out(`  refused: ${result.refused.join(', ')}`);
    }
    if (result.status === 'sent') return EXIT.ok;
    if (result.status === 'maybe-sent') {
      io.err(
        `error: the server did not answer the end of the message; it may have been sent. ` +
          `Not resending: check with a recipient (${result.error ?? ''})`,
      );
      return EXIT.failure;
    }
    const kind = store.sessions.get(result.sessionId)?.errorKind ?? '';
    io.err(`error: not sent, kept in the outbox: ${result.error ?? 'unknown error'}`);
    return STATUS_BY_ERROR[kind] ?? EXIT.server;
  } finally {
    store.close();
  }
}

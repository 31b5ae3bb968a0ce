// Sending as the handlers see it: identities (with their own password or the account's), Test
// sending, compose from a reply/forward template, send through the outbox, drafts. Never returns
// or logs a password.
import type { ConnectionOptions } from 'node:tls';
import {
  ATTACHMENTS_MAX_OCTETS,
  type AddressSuggestion,
  type Compose,
  type ComposeTemplate,
  type DraftContent,
  type Recipient,
} from '../../shared/model/compose';
import type {
  Identity,
  IdentitySettings,
  OutboxItem,
  SmtpProbeReport,
} from '../../shared/model/identity';
import { parseMessage } from '../mime';
import { recoverOutbox, sendFromOutbox, smtpServerOf, queueMessage } from '../outbox';
import type { SecretVault } from '../secrets';
import {
  composeMessage,
  DRAFT_NOTE_HEADER,
  fromFlowed,
  probeSmtp,
  type ComposeParts,
  type TranscriptLine,
} from '../smtp';
import { StoreError, type Store } from '../store';
import type { AccountSecrets } from './account-secrets';
import { completeAddress, createAddressCache } from './address-completion';
import {
  storedAttachment,
  storedDetail,
  storedMessage,
  type StoredMessage,
} from './stored-message';
import { readDraftNote, writeDraftNote } from './draft-note';
import type { EventBus } from './event-bus';

export interface SendingService {
  identities(): Identity[];
  saveIdentity(
    settings: IdentitySettings,
    password?: string,
    certFingerprint256?: string,
  ): Identity;
  test(
    target:
      | { id: number }
      | { identity: IdentitySettings; password?: string; certFingerprint256?: string },
  ): Promise<SmtpProbeReport>;
  template(messageId: number, kind: ComposeTemplate['kind']): Promise<ComposeTemplate>;
  send(compose: Compose): Promise<OutboxItem>;
  saveDraft(compose: Compose): Promise<{ draftId: number }>;
  /** A draft in Drafts, opened again to edit. */
  openDraft(id: number): Promise<DraftContent>;
  /** Addresses of stored and sent mail matching what the user typed, best first. */
  completeAddress(query: string, limit: number): AddressSuggestion[];
  outbox(): OutboxItem[];
  retry(id: number): Promise<OutboxItem>;
  resolve(id: number, arrived: boolean): Promise<OutboxItem>;
}

export interface SendingDeps {
  store: Store;
  /** The accounts' POP3 passwords: an identity's default. */
  accountSecrets: AccountSecrets;
  /** Identities' own SMTP passwords, in the same cipher as the accounts'. */
  identityVault: SecretVault;
  events: EventBus;
  /** Tests: a CA for the test server, short timeouts. */
  tls?: ConnectionOptions;
}

const prefixed = (prefix: string, subject: string) =>
  new RegExp(`^${prefix}:`, 'i').test(subject.trim())
    ? subject.trim()
    : `${prefix}: ${subject.trim()}`;

const quote = (text: string) =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n');

/** Recipients as the address fields show them (drafts saved before Popline kept the typed text). */
const formatted = (list: readonly Recipient[]) =>
  list.map((r) => (r.name ? `"${r.name.replace(/"/g, '')}" <${r.address}>` : r.address)).join(', ');

const who = (a: { name: string; address: string } | null) =>
  a ? (a.name ? `${a.name} <${a.address}>` : a.address) : 'someone';

/** The References of an answer: the original's References (or In-Reply-To), then its own id. */
function threadIds(
  headers: ReadonlyArray<{ name: string; value: string }>,
  messageId: string | null,
) {
  const header = (key: string) => headers.find((h) => h.name.toLowerCase() === key)?.value ?? '';
  const ids = (header('references') || header('in-reply-to')).match(/<[^<>\s]+>/g) ?? [];
  return messageId ? [...ids.filter((i) => i !== messageId), messageId] : ids;
}

export function createSendingService(deps: SendingDeps): SendingService {
  const { store } = deps;
  recoverOutbox(store);

  const password = (identity: Identity): string | null => {
    try {
      const own = deps.identityVault.get(identity.id);
      if (own !== undefined) return own;
    } catch {
      // An unreadable own password falls back to the account's, as if none were stored.
    }
    return identity.accountId === null ? null : deps.accountSecrets.read(identity.accountId);
  };
  const identity = (id: number): Identity => {
    const found = store.identities.get(id);
    if (!found) throw new StoreError('not-found', `identity ${id} does not exist`);
    return found;
  };
  /** Only a trusted certificate is pinned: others must verify. */
  const pinOf = (fingerprint: string | null | undefined) =>
    fingerprint ? { certFingerprint256: fingerprint } : {};
  const stored = (id: number) => storedMessage(store, id);
  /** Stored mail a message carries is bounded by the attachment cap, checked before it is read. */
  const capped = (octets: number) => {
    if (octets > ATTACHMENTS_MAX_OCTETS)
      throw new StoreError(
        'invalid-input',
        `attachments and forwarded messages are ${Math.ceil(octets / 1048576)} MB in all: ` +
          `a message carries at most ${ATTACHMENTS_MAX_OCTETS / 1048576} MB`,
      );
  };
  /** The listed attachments' bytes, each decoded (of a large message a chunk at a time). */
  const attachmentBytes = async (
    message: StoredMessage,
    listed: ReadonlyArray<{ index: number }>,
  ) => {
    const out = [];
    for (const a of listed) {
      const got = await storedAttachment(message, a.index);
      const content: Uint8Array[] = [];
      await got.writeTo((bytes) => {
        content.push(bytes);
      });
      out.push({
        filename: got.filename ?? `attachment-${a.index + 1}`,
        mimeType: got.mimeType,
        content: Buffer.concat(content),
      });
    }
    return out;
  };
  const ownAddresses = () =>
    new Set([
      ...store.identities.list().map((i) => i.address.toLowerCase()),
      ...store.accounts
        .list()
        .map((a) => a.user.toLowerCase())
        .filter((u) => u.includes('@')),
    ]);

  const addressBook = createAddressCache(store.addressBook, ownAddresses);

  const partsOf = async (c: Compose): Promise<{ parts: ComposeParts; id: Identity }> => {
    const id = identity(c.identityId);
    let inReplyTo: string | null = null;
    let references: string[] = [];
    if (c.inReplyTo !== null) {
      const original = await storedDetail(stored(c.inReplyTo));
      inReplyTo = original.messageId;
      references = threadIds(original.headers, original.messageId);
    }
    // What the message carries of stored mail is counted before a byte of it is read: the cap on
    // attachments bounds it, and a large message is read a chunk at a time, never whole.
    const source = c.attachmentsOf === null ? null : stored(c.attachmentsOf);
    const listed = source ? (await storedDetail(source)).attachments : [];
    const octets =
      listed.reduce((n, a) => n + a.size, 0) +
      c.forwardAsAttachment.reduce((n, m) => n + (store.messages.rawSize(m) ?? 0), 0) +
      c.attachments.reduce((n, a) => n + (a.contentBase64.length * 3) / 4, 0);
    capped(octets);
    const carried = (source ? await attachmentBytes(source, listed) : []).map((a) => ({
      filename: a.filename,
      contentType: a.mimeType,
      content: a.content,
    }));
    const mailbox = (r: Recipient) => ({ name: r.name, address: r.address });
    return {
      id,
      parts: {
        from: { name: id.name, address: id.address },
        to: c.to.map(mailbox),
        cc: c.cc.map(mailbox),
        bcc: c.bcc.map(mailbox),
        subject: c.subject,
        body: c.body,
        attachments: [
          ...carried,
          ...c.attachments.map((a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: Buffer.from(a.contentBase64, 'base64'),
          })),
        ],
        forwarded: c.forwardAsAttachment.map((m) => ({
          filename: `message-${m}.eml`,
          // Within the cap (checked above): joined from its chunks.
          raw: Buffer.concat([...stored(m).pieces()]),
        })),
        inReplyTo,
        references,
      },
    };
  };

  const dropDraft = (draftId: number | null) => {
    if (draftId === null) return;
    const draft = store.messages.get(draftId);
    if (!draft || draft.folderId !== store.folders.drafts().id) return;
    store.moves.move([draftId], store.folders.trash().id);
    store.moves.deleteForever([draftId]);
  };

  const submit = async (outboxId: number, item: OutboxItem): Promise<OutboxItem> => {
    const id = identity(item.identityId);
    let seq = 0;
    await sendFromOutbox(
      {
        store,
        password,
        ...(deps.tls ? { tls: deps.tls } : {}),
        ...pinOf(id.certFingerprint256),
        onLine: (sessionId: number, line: TranscriptLine) => {
          seq += 1;
          deps.events.emit('log.appended', {
            accountId: id.accountId,
            sessionId,
            lines: [{ sessionId, seq, time: line.time, dir: line.dir, text: line.text }],
          });
        },
      },
      outboxId,
    );
    return store.outbox.get(outboxId) as OutboxItem;
  };

  return {
    identities: () => store.identities.list(),
    saveIdentity(settings, secret, certFingerprint256) {
      const saved = store.identities.upsert(settings);
      if (secret !== undefined) deps.identityVault.set(saved.id, secret);
      if (certFingerprint256 !== undefined)
        store.identities.trustCertificate(saved.id, certFingerprint256);
      return identity(saved.id);
    },
    async test(target) {
      const settings = 'id' in target ? identity(target.id) : target.identity;
      const existing = 'id' in target ? identity(target.id) : undefined;
      const secret =
        'id' in target
          ? password(existing as Identity)
          : (target.password ??
            (settings.accountId === null ? null : deps.accountSecrets.read(settings.accountId)));
      const asIdentity = { ...settings, id: existing?.id ?? 0, hasOwnSecret: false };
      const user =
        settings.smtpUser ??
        (settings.accountId === null
          ? null
          : (store.accounts.get(settings.accountId)?.user ?? null));
      const pinned = 'id' in target ? existing?.certFingerprint256 : target.certFingerprint256;
      const result = await probeSmtp({
        ...smtpServerOf(asIdentity, secret, user, {
          ...(deps.tls ? { tls: deps.tls } : {}),
          ...pinOf(pinned),
        }),
        inspectCertificate: true,
      });
      return {
        ok: result.ok,
        host: settings.smtpHost,
        port: settings.smtpPort,
        security: settings.security,
        encrypted: result.encrypted,
        greeting: result.greeting,
        extensions: [...new Set(result.extensions)],
        authMechanisms: result.authMechanisms,
        authenticated: result.authenticated,
        error: result.failure
          ? { kind: result.failure.kind, message: result.failure.message }
          : null,
        certificate: result.failure?.certificate ?? null,
        transcript: result.transcript.lines.map((l) => ({ dir: l.dir, text: l.text })),
      };
    },
    async template(messageId, kind) {
      const message = stored(messageId);
      const original = await storedDetail(message);
      const { record } = message;
      const accountIdentity =
        record.accountId != null ? store.identities.ofAccount(record.accountId) : undefined;
      const identityId = accountIdentity?.id ?? store.identities.list()[0]?.id ?? null;
      const body = original.text ?? '';
      const date =
        original.date === null ? 'an unknown date' : new Date(original.date).toUTCString();
      const recipient = (a: { name: string; address: string }) => ({
        name: a.name,
        address: a.address,
      });
      if (kind === 'forward') {
        const header = [
          '-------- Forwarded Message --------',
          `Subject: ${original.subject}`,
          `Date: ${date}`,
          `From: ${who(original.from)}`,
          `To: ${original.to.map(who).join(', ')}`,
        ];
        const carried = original.attachments.filter((a) => !a.inline);
        return {
          kind,
          identityId,
          to: [],
          cc: [],
          subject: prefixed('Fwd', original.subject),
          body: `\n\n${header.join('\n')}\n\n${body}`,
          inReplyTo: null,
          attachmentsOf: carried.length ? messageId : null,
          carriedAttachments: carried.map((a) => ({
            filename: a.filename ?? `attachment-${a.index + 1}`,
            size: a.size,
          })),
        };
      }
      const own = ownAddresses();
      const sender = original.replyTo.length
        ? original.replyTo
        : original.from
          ? [original.from]
          : [];
      let to = sender.filter((a) => a.address).map(recipient);
      let cc: Recipient[] = [];
      if (kind === 'reply-all') {
        const seen = new Set<string>();
        const keep = (a: Recipient) => {
          const key = a.address.toLowerCase();
          if (!a.address || own.has(key) || seen.has(key)) return false;
          seen.add(key);
          return true;
        };
        to = [...to, ...original.to.map(recipient)].filter(keep);
        cc = original.cc.map(recipient).filter(keep);
      }
      return {
        kind,
        identityId,
        to,
        cc,
        subject: prefixed('Re', original.subject),
        body: `\n\nOn ${date}, ${who(original.from)} wrote:\n${quote(body)}\n`,
        inReplyTo: messageId,
        attachmentsOf: null,
        carriedAttachments: [],
      };
    },
    async send(compose) {
      const { parts, id } = await partsOf(compose);
      if (parts.to.length + (parts.cc?.length ?? 0) + (parts.bcc?.length ?? 0) === 0) {
        throw new StoreError('invalid-input', 'a message needs at least one recipient');
      }
      const message = await composeMessage(parts);
      // Whole in the outbox before a byte goes out; the draft it came from goes only then.
      const item = queueMessage(store, id, message, compose.subject);
      dropDraft(compose.draftId);
      return submit(item.id, item);
    },
    async saveDraft(compose) {
      const { parts } = await partsOf(compose);
      const typed = compose.typed ?? {
        to: formatted(compose.to),
        cc: formatted(compose.cc),
        bcc: formatted(compose.bcc),
      };
      const note = writeDraftNote({
        identityId: compose.identityId,
        inReplyTo: compose.inReplyTo,
        typed,
      });
      const message = await composeMessage({ ...parts, draft: { note } });
      const parsed = await parseMessage(message.raw);
      // The new copy first, then the old one goes: the new one never takes the old one's id, so
      // a view still showing the old draft cannot mistake it for the new.
      const draftId = store.batch(() => {
        const saved = store.importMessage({
          folderId: store.folders.drafts().id,
          raw: message.raw,
          parsed,
        }).messageId;
        dropDraft(compose.draftId);
        return saved;
      });
      return { draftId };
    },
    async openDraft(id) {
      const record = store.messages.get(id);
      if (!record) throw new StoreError('not-found', `message ${id} does not exist`);
      if (record.folderId !== store.folders.drafts().id)
        throw new StoreError('invalid-input', `message ${id} is not in Drafts`);
      const message = stored(id);
      const detail = await storedDetail(message);
      const note = readDraftNote(
        detail.headers.find((h) => h.name.toLowerCase() === DRAFT_NOTE_HEADER.toLowerCase())?.value,
      );
      capped(detail.attachments.reduce((n, a) => n + a.size, 0));
      const attachments = (await attachmentBytes(message, detail.attachments)).map((got) => ({
        filename: got.filename,
        contentType: /^[\w.+-]+\/[\w.+-]+$/.test(got.mimeType)
          ? got.mimeType
          : 'application/octet-stream',
        contentBase64: got.content.toString('base64'),
        size: got.content.byteLength,
      }));
      const from = detail.from?.address.toLowerCase();
      const identities = store.identities.list();
      const identityId =
        identities.find((i) => i.id === note?.identityId)?.id ??
        identities.find((i) => i.address.toLowerCase() === from)?.id ??
        identities[0]?.id ??
        null;
      const answered = note?.inReplyTo ?? null;
      const mailbox = (a: { name: string; address: string }) => ({
        name: a.name,
        address: a.address,
      });
      return {
        draftId: id,
        identityId,
        typed: note?.typed ?? null,
        to: detail.to.filter((a) => a.address).map(mailbox),
        cc: detail.cc.filter((a) => a.address).map(mailbox),
        subject: detail.subject,
        body: fromFlowed(detail.text ?? '').replace(/\n$/, ''),
        attachments,
        inReplyTo: answered !== null && store.messages.get(answered) ? answered : null,
      };
    },
    completeAddress: (query, limit) => completeAddress(addressBook.entries(), query, limit),
    outbox: () => {
      recoverOutbox(store);
      return store.outbox.list();
    },
    async retry(id) {
      const item = store.outbox.get(id);
      if (!item) throw new StoreError('not-found', `outbox message ${id} does not exist`);
      return submit(id, item);
    },
    async resolve(id, arrived) {
      if (arrived) {
        const bytes = store.outbox.raw(id);
        if (!bytes) throw new StoreError('not-found', `outbox message ${id} does not exist`);
        const parsed = await parseMessage(bytes);
        return store.batch(() => {
          const copy = store.importMessage({
            folderId: store.folders.sent().id,
            raw: bytes,
            parsed,
          });
          return store.outbox.resolveMaybeSent(id, true, copy.messageId);
        });
      }
      const item = store.outbox.resolveMaybeSent(id, false, null);
      return submit(id, item);
    },
  };
}

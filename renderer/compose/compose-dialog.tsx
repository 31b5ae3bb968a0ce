// The compose window ("New message", "Reply: …", "Forward: …"): From, To, Cc, Bcc, Subject, the
// body as plain text, attachments. "Send" hands the whole message to main, which commits it to
// the outbox before submitting; what came back is shown here: sent (the window closes), kept in
// the outbox with the reason (Retry), or "may have been sent" (the user decides). What the user
// writes is kept as a draft on its own: 5 s after the last change and when the window closes.
import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../shared/model/account';
import type { ComposeAttachment, ComposeTemplate, DraftContent } from '../../shared/model/compose';
import type { Identity, OutboxItem } from '../../shared/model/identity';
import { useApi } from '../app/api-context';
import { ModalDialog } from '../ui/modal-dialog';
import { formatSize } from '../ui/format';
import { readFileBase64 } from '../ui/read-file';
import { formatRecipients, parseRecipients } from './addresses';
import { AddressField } from './address-field';
import { attachmentWarning } from './attachment-warning';
import { MAYBE_SENT_QUESTION } from '../outbox/outbox-words';
import { SendingSetup } from './sending-setup';

interface ComposeDialogProps {
  template: ComposeTemplate | null;
  /** A saved draft opened again: saving replaces it, sending removes it. */
  draft?: DraftContent | null;
  /** Forward as attachment: the stored message sent whole as a message/rfc822 part. */
  attached?: number | null;
  accounts: readonly Account[];
  /** Settings: attachments over this many megabytes in all get a warning. */
  attachmentWarnMegabytes: number;
  onClose(): void;
  /** The message was sent (or the user said it arrived). */
  onSent(item: OutboxItem): void;
}

interface PickedAttachment extends ComposeAttachment {
  size: number;
}

/** Quiet time after the last change before the draft is saved on its own. */
const AUTOSAVE_DELAY_MS = 5000;

const clock = (at: Date) =>
  `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;

function titleOf(
  template: ComposeTemplate | null,
  draft: DraftContent | null,
  subject: string,
): string {
  if (draft) return draft.subject ? `Edit draft: ${draft.subject}` : 'Edit draft';
  if (!template) return 'New message';
  const word = template.kind === 'forward' ? 'Forward' : 'Reply';
  return `${word}: ${subject}`;
}

export function ComposeDialog({
  template,
  draft = null,
  attached = null,
  accounts,
  attachmentWarnMegabytes,
  onClose,
  onSent,
}: ComposeDialogProps) {
  const api = useApi();
  const [identities, setIdentities] = useState<Identity[] | null>(null);
  const [identityId, setIdentityId] = useState<number | null>(
    draft ? draft.identityId : (template?.identityId ?? null),
  );
  const [to, setTo] = useState(
    draft?.typed?.to ?? formatRecipients(draft?.to ?? template?.to ?? []),
  );
  const [cc, setCc] = useState(
    draft?.typed?.cc ?? formatRecipients(draft?.cc ?? template?.cc ?? []),
  );
  const [bcc, setBcc] = useState(draft?.typed?.bcc ?? '');
  const [subject, setSubject] = useState(draft?.subject ?? template?.subject ?? '');
  const [body, setBody] = useState(draft?.body ?? template?.body ?? '');
  const [attachments, setAttachments] = useState<PickedAttachment[]>(draft?.attachments ?? []);
  const [draftId, setDraftId] = useState<number | null>(draft?.draftId ?? null);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  // Edits counts changes by the user; saved is the count the last saved draft holds.
  const [edits, setEdits] = useState(0);
  const saved = useRef(0);
  // The one save in flight: saves queue behind it, Send and close wait for it.
  const saving = useRef<Promise<boolean>>(Promise.resolve(true));
  const draftIdNow = useRef<number | null>(draft?.draftId ?? null);
  const sending = useRef(false);
  const [outcome, setOutcome] = useState<OutboxItem | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [title] = useState(() =>
    titleOf(template, draft, template?.subject.replace(/^(Re|Fwd): /i, '') ?? ''),
  );

  useEffect(() => {
    void api.identities.list().then((result) => {
      if (!result.ok) return setProblem(result.error.message);
      setIdentities(result.value);
      setIdentityId((id) => id ?? result.value[0]?.id ?? null);
    });
  }, [api]);

  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setEdits((n) => n + 1);
    };
  const fields = [
    { label: 'To', value: to, set: edited(setTo) },
    { label: 'Cc', value: cc, set: edited(setCc) },
    { label: 'Bcc', value: bcc, set: edited(setBcc) },
  ].map((f) => ({ ...f, parsed: parseRecipients(f.value) }));
  const invalid = fields.flatMap((f) => f.parsed.invalid);
  const [toParsed, ccParsed, bccParsed] = fields.map((f) => f.parsed);
  const anyRecipient = fields.some((f) => f.parsed.recipients.length > 0);
  const attachedOctets =
    attachments.reduce((n, a) => n + a.size, 0) +
    (template?.carriedAttachments ?? []).reduce((n, a) => n + a.size, 0);

  const sizeWarning = attachmentWarning(attachedOctets, attachmentWarnMegabytes);

  const isEmpty =
    template === null &&
    draft === null &&
    !to.trim() &&
    !cc.trim() &&
    !bcc.trim() &&
    !subject.trim() &&
    !body.trim() &&
    attachments.length === 0;

  const compose = () => ({
    identityId: identityId ?? 0,
    to: toParsed?.recipients ?? [],
    cc: ccParsed?.recipients ?? [],
    bcc: bccParsed?.recipients ?? [],
    subject,
    body,
    attachments: attachments.map(({ filename, contentType, contentBase64 }) => ({
      filename,
      contentType,
      contentBase64,
    })),
    inReplyTo: draft ? draft.inReplyTo : (template?.inReplyTo ?? null),
    attachmentsOf: template?.attachmentsOf ?? null,
    forwardAsAttachment: attached === null ? [] : [attached],
    draftId: draftIdNow.current,
    // Kept in the draft as typed, so that an entry that is not an address yet is not lost.
    typed: { to, cc, bcc },
  });

  const finish = (item: OutboxItem) => {
    setOutcome(item);
    if (item.status === 'sent') onSent(item);
  };
  const send = async () => {
    setBusy(true);
    setProblem(null);
    sending.current = true;
    await saving.current;
    const result = await api.compose.send(compose());
    sending.current = result.ok;
    setBusy(false);
    if (result.ok) finish(result.value);
    else setProblem(result.error.message);
  };
  const retry = async (id: number) => {
    setBusy(true);
    const result = await api.outbox.retry({ id });
    setBusy(false);
    if (result.ok) finish(result.value);
    else setProblem(result.error.message);
  };
  const resolve = async (id: number, arrived: boolean) => {
    setBusy(true);
    const result = await api.outbox.resolve({ id, arrived });
    setBusy(false);
    if (result.ok) finish(result.value);
    else setProblem(result.error.message);
  };
  /** Saves the draft as it is now, after any save in flight; true when it is kept. */
  const persist = (): Promise<boolean> => {
    const revision = edits;
    const message = compose();
    const run = async () => {
      const result = await api.compose.saveDraft({ ...message, draftId: draftIdNow.current });
      if (!result.ok) {
        setProblem(result.error.message);
        return false;
      }
      draftIdNow.current = result.value.draftId;
      setDraftId(result.value.draftId);
      setSavedAt(new Date());
      saved.current = Math.max(saved.current, revision);
      return true;
    };
    saving.current = saving.current.then(run);
    return saving.current;
  };
  const saveDraft = async () => {
    setBusy(true);
    const ok = await persist();
    setBusy(false);
    if (ok) {
      setProblem(null);
      setOutcome(null);
    }
  };
  const keepable = identityId !== null && outcome === null && !isEmpty && !sending.current;
  // Not while busy: a save landing after a send would leave a draft of a sent message.
  const canAutosave = keepable && !busy;
  useEffect(() => {
    if (!canAutosave || edits <= saved.current) return;
    const timer = setTimeout(() => void persist(), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
    // Re-armed by each edit only: the timer's persist saw the fields of that last edit.
  }, [edits, canAutosave]);
  // Closing with unsaved changes keeps them as a draft first; a failed save keeps the window open.
  const close = async () => {
    if (keepable && edits > saved.current) {
      setBusy(true);
      const ok = await persist();
      setBusy(false);
      if (!ok) return;
    }
    onClose();
  };
  const attach = async (files: File[]) => {
    const picked = await Promise.all(
      files.map(async (file) => ({
        filename: file.name,
        contentType: /^[\w.+-]+\/[\w.+-]+$/.test(file.type)
          ? file.type
          : 'application/octet-stream',
        contentBase64: await readFileBase64(file),
        size: file.size,
      })),
    );
    setAttachments((list) => [...list, ...picked]);
    setEdits((n) => n + 1);
  };

  const account = accounts[0];
  const noIdentity = identities !== null && identities.length === 0;
  const sent = outcome?.status === 'sent';

  return (
    <ModalDialog title={title} onClose={() => void close()} className="compose-dialog">
      {noIdentity ? (
        <SendingSetup
          account={account}
          onSaved={(identity) => {
            setIdentities([identity]);
            setIdentityId(identity.id);
          }}
        />
      ) : (
        <form
          className="compose-form"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
          onDragOver={(event) => event.preventDefault()}
          onDrop={(event) => {
            event.preventDefault();
            void attach([...event.dataTransfer.files]);
          }}
        >
          <div className="field">
            <label htmlFor="compose-from">From</label>
            <select
              id="compose-from"
              value={identityId ?? ''}
              onChange={(event) => edited(setIdentityId)(Number(event.target.value))}
            >
              {(identities ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name ? `${i.name} <${i.address}>` : i.address}
                </option>
              ))}
            </select>
          </div>
          {fields.map((f) => (
            <AddressField
              key={f.label}
              label={f.label}
              value={f.value}
              invalid={f.parsed.invalid}
              onChange={f.set}
            />
          ))}
          <div className="field">
            <label htmlFor="compose-subject">Subject</label>
            <input
              id="compose-subject"
              type="text"
              value={subject}
              onChange={(event) => edited(setSubject)(event.target.value)}
            />
          </div>
          <textarea
            className="compose-body"
            aria-label="Message body"
            value={body}
            rows={14}
            onChange={(event) => edited(setBody)(event.target.value)}
          />
          {attachments.length || template?.carriedAttachments.length || attached !== null ? (
            <ul className="compose-attachments" aria-label="Attachments">
              {attached !== null ? <li>The original message, whole (message/rfc822)</li> : null}
              {(template?.carriedAttachments ?? []).map((a) => (
                <li key={`carried-${a.filename}`}>
                  {a.filename} ({formatSize(a.size)}, from the original)
                </li>
              ))}
              {attachments.map((a, i) => (
                <li key={`${a.filename}-${i}`}>
                  {a.filename} ({formatSize(a.size)}){' '}
                  <button
                    type="button"
                    aria-label={`Remove ${a.filename}`}
                    onClick={() => {
                      setAttachments((list) => list.filter((_, j) => j !== i));
                      setEdits((n) => n + 1);
                    }}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {sizeWarning ? (
            <p className="field-hint" role="note">
              {sizeWarning}
            </p>
          ) : null}
          {outcome && outcome.status === 'queued' ? (
            <div className="banner" role="alert">
              <span>
                Not sent: {outcome.lastError ?? 'unknown error'}. It is kept in the Outbox.
              </span>
              <button type="button" disabled={busy} onClick={() => void retry(outcome.id)}>
                Retry
              </button>
            </div>
          ) : null}
          {outcome && outcome.status === 'maybe-sent' ? (
            <div className="banner" role="alert">
              <span>
                {MAYBE_SENT_QUESTION} (The server did not confirm it: {outcome.lastError}.)
              </span>
              <button type="button" disabled={busy} onClick={() => void resolve(outcome.id, false)}>
                Send again
              </button>
              <button type="button" disabled={busy} onClick={() => void resolve(outcome.id, true)}>
                Mark as sent
              </button>
            </div>
          ) : null}
          {sent ? <p role="status">Message sent.</p> : null}
          {draftId !== null && savedAt && !outcome ? (
            <p className="field-hint" role="status">
              Draft saved {clock(savedAt)}
            </p>
          ) : null}
          {problem ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="dialog-actions">
            <button type="button" onClick={() => fileInput.current?.click()}>
              Attach…
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              aria-label="Files to attach"
              onChange={(event) => {
                const files = [...(event.target.files ?? [])];
                event.target.value = '';
                void attach(files);
              }}
            />
            <button type="button" disabled={busy || sent} onClick={() => void saveDraft()}>
              Save draft
            </button>
            <button
              type="submit"
              className="primary"
              disabled={
                busy ||
                sent ||
                identityId === null ||
                invalid.length > 0 ||
                !anyRecipient ||
                outcome !== null
              }
            >
              Send
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}

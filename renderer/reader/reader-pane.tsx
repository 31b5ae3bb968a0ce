// The reading pane (region "Message"): header, attachments, and the body — sanitised HTML in the
// sandboxed frame, or plain text. Opening a message marks it read; nothing else changes here
// without the user asking (a headers-only message is completed only when the user asks for it, and
// remote images are fetched, by main, only once the user allowed remote content).
import { useEffect, useMemo, useState } from 'react';
import type { MessageDetail } from '../../shared/model/message';
import { REMOTE_IMAGE_MAX_URLS } from '../../shared/model/remote-image';
import type { Settings, SettingsChanges } from '../../shared/model/settings';
import type { AppError } from '../../shared/result';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { AttachmentList } from './attachment-list';
import { FullFetchBar } from './full-fetch-bar';
import { inlineImageMap } from './inline-images';
import { MailFrame } from './mail-frame';
import { MessageHeader } from './message-header';
import { RemoteContentBar } from './remote-content-bar';
import { remoteImageMap, type RemoteImageMap } from './remote-images';
import { remoteImageProblems } from './remote-image-words';
import { sanitizeMail } from './sanitize-mail';
import { SourceDialog } from './source-dialog';

interface ReaderPaneProps {
  messageId: number | null;
  settings: Settings;
  onSettings(changes: SettingsChanges): void;
  onDelete(ids: number[], fromServer: boolean): void;
  onReadChanged(id: number, read: boolean): void;
  /** Runs a sync of the account ("Get mail" for it) and resolves when it ends. */
  onGetMail(accountId: number): Promise<void>;
  /** Reply, Reply all, Forward; Edit draft for a message in Drafts. */
  onCompose?(
    kind: 'reply' | 'reply-all' | 'forward' | 'forward-attached' | 'edit-draft',
    id: number,
  ): void;
  /** The Drafts folder: its messages get "Edit draft". */
  draftsFolderId?: number;
}

/** The remote images main fetched for one message, and how many it could not. */
interface FetchedImages {
  id: number;
  images: RemoteImageMap;
  /** Why the images that did not load did not, one sentence per reason. */
  problems: string[];
}

type Loaded =
  | { status: 'loading'; id: number }
  | { status: 'ready'; detail: MessageDetail }
  | { status: 'failed'; id: number; error: AppError };

export function ReaderPane({
  messageId,
  settings,
  onSettings,
  onDelete,
  onReadChanged,
  onGetMail,
  onCompose,
  draftsFolderId,
}: ReaderPaneProps) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [remoteAllowed, setRemoteAllowed] = useState<ReadonlySet<number>>(new Set());
  const [remoteFetched, setRemoteFetched] = useState<FetchedImages | null>(null);
  const [showSource, setShowSource] = useState(false);
  /** Bumped to load the open message again (after its whole body was downloaded). */
  const [reload, setReload] = useState(0);
  const [fetching, setFetching] = useState<number | null>(null);
  const [fetchProblem, setFetchProblem] = useState<{ id: number; text: string } | null>(null);

  useEffect(() => {
    setShowSource(false);
    if (messageId === null) {
      setLoaded(null);
      return;
    }
    let live = true;
    // Loading the same message again keeps it on screen until the new detail arrives.
    setLoaded((previous) =>
      previous?.status === 'ready' && previous.detail.id === messageId
        ? previous
        : { status: 'loading', id: messageId },
    );
    void api.messages.detail({ id: messageId }).then(async (result) => {
      if (!live) return;
      if (!result.ok) {
        setLoaded({ status: 'failed', id: messageId, error: result.error });
        return;
      }
      setLoaded({ status: 'ready', detail: result.value });
      if (!result.value.read) {
        const marked = await api.messages.markRead({ ids: [messageId], read: true });
        if (marked.ok) onReadChanged(messageId, true);
      }
    });
    return () => {
      live = false;
    };
  }, [api, messageId, onReadChanged, reload]);

  const detail = loaded?.status === 'ready' ? loaded.detail : null;
  const inlineImages = useMemo(() => inlineImageMap(detail?.inlineImages ?? []), [detail]);
  const blockedMail = useMemo(
    () => (detail?.html ? sanitizeMail(detail.html, inlineImages) : null),
    [detail, inlineImages],
  );
  const sender = detail?.from?.address.toLowerCase() || null;
  const allowRemote =
    detail !== null &&
    (remoteAllowed.has(detail.id) ||
      (sender !== null && settings.remoteContentSenders.includes(sender)));
  const fetched = detail !== null && remoteFetched?.id === detail.id ? remoteFetched : null;
  const mail = useMemo(
    () =>
      detail?.html && fetched && fetched.images.size > 0
        ? sanitizeMail(detail.html, inlineImages, fetched.images)
        : blockedMail,
    [detail, inlineImages, fetched, blockedMail],
  );

  // The app itself may load nothing remote (its CSP): main fetches the images, and the mail is
  // shown again with them as data: URLs.
  const wantedUrls = allowRemote ? (blockedMail?.remoteImageUrls ?? []) : [];
  const wantedId = detail?.id ?? null;
  const wantedKey = wantedUrls.join('\n');
  useEffect(() => {
    if (wantedId === null || wantedKey === '') return;
    const urls = wantedKey.split('\n').slice(0, REMOTE_IMAGE_MAX_URLS);
    let live = true;
    void api.messages.remoteImages({ id: wantedId, urls }).then((result) => {
      if (!live) return;
      const images = result.ok ? remoteImageMap(result.value.images) : new Map<string, string>();
      const problems = result.ok
        ? remoteImageProblems(result.value.images)
        : [describeError(result.error, { account: '' }).text];
      setRemoteFetched({ id: wantedId, images, problems });
    });
    return () => {
      live = false;
    };
  }, [api, wantedId, wantedKey]);

  const fetchWhole = async (target: MessageDetail) => {
    setFetching(target.id);
    setFetchProblem(null);
    const marked = await api.messages.fetchFull({ ids: [target.id] });
    if (!marked.ok)
      setFetchProblem({ id: target.id, text: describeError(marked.error, { account: '' }).text });
    else if (target.accountId !== null) await onGetMail(target.accountId);
    setFetching(null);
    setReload((n) => n + 1);
  };

  return (
    <section className="reader" aria-label="Message" aria-busy={loaded?.status === 'loading'}>
      {loaded === null ? <p className="reader-empty">No message selected.</p> : null}
      {loaded?.status === 'loading' ? <p className="reader-empty">Loading…</p> : null}
      {loaded?.status === 'failed' ? (
        <p className="reader-empty">{describeError(loaded.error, { account: '' }).text}</p>
      ) : null}
      {detail ? (
        <>
          <div className="reader-actions">
            {onCompose && detail.folderId === draftsFolderId ? (
              <button
                type="button"
                className="primary"
                onClick={() => onCompose('edit-draft', detail.id)}
              >
                Edit draft
              </button>
            ) : null}
            {onCompose ? (
              <>
                <button type="button" onClick={() => onCompose('reply', detail.id)}>
                  Reply
                </button>
                <button type="button" onClick={() => onCompose('reply-all', detail.id)}>
                  Reply all
                </button>
                <button type="button" onClick={() => onCompose('forward', detail.id)}>
                  Forward
                </button>
                <button type="button" onClick={() => onCompose('forward-attached', detail.id)}>
                  Forward as attachment
                </button>
              </>
            ) : null}
            <button type="button" onClick={() => onDelete([detail.id], false)}>
              Delete
            </button>
            <button type="button" onClick={() => onDelete([detail.id], true)}>
              Delete from server
            </button>
            <button
              type="button"
              onClick={async () => {
                const result = await api.messages.markRead({ ids: [detail.id], read: false });
                if (result.ok) onReadChanged(detail.id, false);
              }}
            >
              Mark as unread
            </button>
            <button type="button" onClick={() => setShowSource(true)}>
              View source
            </button>
            <button type="button" onClick={() => window.print()}>
              Print…
            </button>
          </div>
          <MessageHeader detail={detail} />
          {detail.fullFetch ? (
            <FullFetchBar
              state={detail.fullFetch}
              size={detail.size}
              busy={fetching === detail.id}
              problem={fetchProblem?.id === detail.id ? fetchProblem.text : null}
              onFetch={() => void fetchWhole(detail)}
            />
          ) : null}
          {detail.deleteFromServerPending ? (
            <p className="notice">
              This message will be deleted from the server at the next check.
            </p>
          ) : null}
          {detail.parseError ? (
            <p className="notice">
              This message is not well formed ({detail.parseError}); it is shown as far as it could
              be read.
            </p>
          ) : null}
          <AttachmentList messageId={detail.id} attachments={detail.attachments} />
          {mail ? (
            <>
              {mail.hasRemote && !allowRemote ? (
                <RemoteContentBar
                  sender={sender}
                  onLoadOnce={() => setRemoteAllowed((set) => new Set(set).add(detail.id))}
                  onAlwaysForSender={() => {
                    if (sender)
                      onSettings({
                        remoteContentSenders: [...settings.remoteContentSenders, sender],
                      });
                  }}
                />
              ) : null}
              {allowRemote && fetched
                ? fetched.problems.map((problem) => (
                    <p key={problem} className="notice">
                      {problem}
                    </p>
                  ))
                : null}
              <MailFrame key={detail.id} mail={mail} />
            </>
          ) : (
            <pre className="plain-body">{detail.text ?? ''}</pre>
          )}
          {showSource ? (
            <SourceDialog messageId={detail.id} onClose={() => setShowSource(false)} />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

// The window: toolbar, sidebar, message list, reader, protocol-log panel and status bar, and the
// dialogs between them. Wires views to the API; the views own their own details.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Account } from '../../shared/model/account';
import {
  IMPORT_FILE_MAX_BYTES,
  type Folder,
  type MovedMessage,
  type MoveResult,
} from '../../shared/model/folder';
import type { MessageSummary } from '../../shared/model/message';
import type { AppError, Result } from '../../shared/result';
import { AccountDialog } from '../accounts/account-dialog';
import { PasswordDialog } from '../accounts/password-dialog';
import { TrustCertificateDialog } from '../accounts/trust-certificate-dialog';
import { FolderNameDialog } from '../inbox/folder-name-dialog';
import { columnStyle, ListHeader, useColumnWidths } from '../inbox/list-header';
import { isGetMailShortcut, isUndoShortcut } from '../inbox/list-keys';
import { MessageList, type ListCommand, type MessageListHandle } from '../inbox/message-list';
import { MoveDialog } from '../inbox/move-dialog';
import { SearchBox } from '../inbox/search-box';
import { Sidebar, type FolderChoice } from '../inbox/sidebar';
import { SortControl, type ListSort } from '../inbox/sort-control';
import { useFolders } from '../inbox/use-folders';
import type { UndoNote } from '../status/undo-note';
import { ContextMenu, type MenuItem } from '../ui/context-menu';
import { readFileBase64 } from '../ui/read-file';
import { LogPanel, LOG_PANEL_MIN_HEIGHT } from '../protocol-log/log-panel';
import { ReaderPane } from '../reader/reader-pane';
import { describeError, type ErrorAction } from '../status/error-words';
import { StatusBar } from '../status/status-bar';
import { outcomeError } from '../status/status-line';
import { outcomeState } from '../status/sync-words';
import { useSync } from '../status/use-sync';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { plural } from '../ui/format';
import { accountLabel } from './account-label';
import { useApi } from './api-context';
import { Toolbar } from './toolbar';
import { ComposeDialog } from '../compose/compose-dialog';
import { isNewMessageShortcut } from '../compose/addresses';
import type { ComposeTemplate, DraftContent } from '../../shared/model/compose';
import { useAccounts } from './use-accounts';
import { SettingsDialog } from './settings-dialog';
import { useSettings } from './use-settings';
import { useStoredNumber } from './use-stored-number';
import { useTheme } from './use-theme';
import { OutboxView } from '../outbox/outbox-view';
import { SendingDialog } from '../compose/sending-dialog';
import type { Identity } from '../../shared/model/identity';
import { useOutbox } from '../outbox/use-outbox';

type DialogState =
  | null
  | { kind: 'add-account'; modal: boolean }
  | { kind: 'settings' }
  | { kind: 'sending'; identity: Identity }
  | { kind: 'edit-account'; accountId: number }
  | { kind: 'password'; accountId: number }
  | {
      kind: 'trust';
      accountId: number;
      fingerprint256: string;
      subject: string;
      previousFingerprint256?: string;
    }
  | { kind: 'confirm-server-delete'; ids: number[] }
  | { kind: 'confirm-delete-forever'; ids: number[] }
  | { kind: 'confirm-empty-trash' }
  | { kind: 'move'; ids: number[] }
  | { kind: 'new-folder'; error: string | null; moveIds?: number[] }
  | { kind: 'rename-folder'; folder: Folder; error: string | null }
  | { kind: 'remove-folder'; folder: Folder };

type MenuState = { label: string; x: number; y: number; items: MenuItem[] } | null;

export function App() {
  const api = useApi();
  const { accounts: loadedAccounts, reload: reloadAccounts } = useAccounts();
  const accounts = loadedAccounts ?? [];
  const { settings, update: updateSettings } = useSettings();
  useTheme(settings.theme);
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const storeChanged = useCallback(() => bump(), []);
  const sync = useSync(storeChanged);
  const [folder, setFolder] = useState<FolderChoice>('all');
  /** The Outbox in place of the list and the reader. */
  const [outboxOpen, setOutboxOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [starredOnly, setStarredOnly] = useState(false);
  const [note, setNote] = useState<UndoNote | null>(null);
  const [menu, setMenu] = useState<MenuState>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const importTarget = useRef<Folder | null>(null);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<ListSort>({ key: 'date', order: 'desc' });
  const [columnWidths, setColumnWidth] = useColumnWidths();
  const [openId, setOpenId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  /** The open compose window: a new message (template null), a reply or a forward. */
  const [compose, setCompose] = useState<{
    template: ComposeTemplate | null;
    /** A saved draft opened again. */
    draft?: DraftContent;
    key: number;
    /** Forward as attachment: this stored message goes whole, as message/rfc822. */
    attached?: number;
  } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  const [logHeight, setLogHeight] = useStoredNumber('popline.logHeight', 280);
  const listRef = useRef<MessageListHandle>(null);
  const firstRunShown = useRef(false);
  const folders = useFolders(version);
  const outbox = useOutbox(version);
  const outboxChanged = useCallback(
    (text: string) => {
      if (text) setNote({ text });
      outbox.reload();
      bump();
    },
    [outbox.reload],
  );
  const trash = folders.find((f) => f.role === 'trash');
  const archive = folders.find((f) => f.role === 'archive');
  const openFolder = folder === 'all' ? undefined : folders.find((f) => f.id === folder);
  const inTrash = openFolder !== undefined && openFolder.role === 'trash';

  // First run: with no account yet, the add-account form is what the user sees.
  useEffect(() => {
    if (loadedAccounts && loadedAccounts.length === 0 && !firstRunShown.current) {
      firstRunShown.current = true;
      setDialog((d) => d ?? { kind: 'add-account', modal: false });
    }
  }, [loadedAccounts]);

  useEffect(() => {
    if (folder !== 'all' && folders.length > 0 && !folders.some((f) => f.id === folder))
      setFolder('all');
  }, [folder, folders]);

  const getMailNow = sync.getMail;
  const getMail = useCallback(
    async (accountId?: number) => {
      const reports = await getMailNow(accountId);
      void reloadAccounts();
      const rejected = reports?.find((r) => r.error?.kind === 'credentials');
      if (rejected) setDialog({ kind: 'password', accountId: rejected.accountId });
    },
    [getMailNow, reloadAccounts],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isGetMailShortcut(event)) return;
      event.preventDefault();
      if (!sync.running && accounts.length) void getMail();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [getMail, sync.running, accounts.length]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isNewMessageShortcut(event)) return;
      event.preventDefault();
      setCompose((c) => c ?? { template: null, key: Date.now() });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const openCompose = async (
    kind: ComposeTemplate['kind'] | 'forward-attached' | 'edit-draft',
    id: number,
  ) => {
    if (kind === 'edit-draft') {
      const opened = await api.compose.openDraft({ id });
      if (!opened.ok) return showProblem(opened.error);
      return setCompose({ template: null, draft: opened.value, key: Date.now() });
    }
    const attached = kind === 'forward-attached';
    const result = await api.compose.template({ id, kind: attached ? 'forward' : kind });
    if (!result.ok) return showProblem(result.error);
    // The original travels whole, so neither its text nor its attachments are copied in.
    const template = attached
      ? { ...result.value, body: '', attachmentsOf: null, carriedAttachments: [] }
      : result.value;
    setCompose({ template, key: Date.now(), ...(attached ? { attached: id } : {}) });
  };

  const showProblem = (error: AppError) => setProblem(describeError(error, { account: '' }).text);

  const folderLabel = useCallback(
    (f: Folder) => {
      if (f.role !== 'inbox') return f.name;
      const account = accounts.find((a) => a.id === f.accountId);
      return accounts.length > 1 && account ? `Inbox (${accountLabel(account)})` : 'Inbox';
    },
    [accounts],
  );

  const undoMove = useCallback(
    async (moves: MovedMessage[]) => {
      setNote(null);
      const result = await api.messages.undoMove({ moves });
      if (!result.ok) return showProblem(result.error);
      setNote({ text: `Moved ${plural(result.value.restored, 'message')} back` });
      bump();
    },
    [api],
  );

  /** Every move goes through here: the note says what happened and offers its undo. */
  const afterMove = useCallback(
    (result: Result<MoveResult>, target: string) => {
      if (!result.ok) return showProblem(result.error);
      const { moved, undo } = result.value;
      const ids = new Set(undo.map((m) => m.id));
      setOpenId((id) => (id !== null && ids.has(id) ? null : id));
      if (moved > 0) listRef.current?.showNextAfterRemoval();
      setNote(
        moved > 0
          ? {
              text: `Moved ${plural(moved, 'message')} to ${target}`,
              undo: () => void undoMove(undo),
            }
          : { text: `Already in ${target}` },
      );
      bump();
    },
    [undoMove],
  );

  const moveTo = useCallback(
    async (ids: number[], target: Folder) => {
      afterMove(await api.messages.move({ ids, folderId: target.id }), folderLabel(target));
    },
    [api, afterMove, folderLabel],
  );

  const deleteMessages = useCallback(
    async (ids: number[], fromServer: boolean) => {
      if (fromServer) {
        setDialog({ kind: 'confirm-server-delete', ids });
        return;
      }
      // In Trash, Delete is for good: only after the user confirms.
      if (inTrash) {
        setDialog({ kind: 'confirm-delete-forever', ids });
        return;
      }
      afterMove(await api.messages.moveToTrash({ ids }), 'Trash');
    },
    [api, afterMove, inTrash],
  );

  const deleteForever = async (ids: number[] | 'all') => {
    setDialog(null);
    const result =
      ids === 'all' ? await api.folders.emptyTrash() : await api.messages.deleteForever({ ids });
    if (!result.ok) return showProblem(result.error);
    setNote({ text: `Deleted ${plural(result.value.deleted, 'message')} for good` });
    setOpenId(null);
    if (ids !== 'all') listRef.current?.showNextAfterRemoval();
    bump();
  };

  const setRead = async (rows: MessageSummary[], read: boolean) => {
    const result = await api.messages.markRead({ ids: rows.map((r) => r.id), read });
    if (!result.ok) return showProblem(result.error);
    for (const row of rows) listRef.current?.patch(row.id, { read });
    bump();
  };

  const setStarred = async (rows: MessageSummary[], starred: boolean) => {
    const result = await api.messages.setStarred({ ids: rows.map((r) => r.id), starred });
    if (!result.ok) return showProblem(result.error);
    for (const row of rows) listRef.current?.patch(row.id, { starred });
    bump();
  };

  const saveAs = async (row: MessageSummary) => {
    const result = await api.messages.saveAs({ id: row.id });
    if (!result.ok) return showProblem(result.error);
    if (result.value.status !== 'cancelled') setNote({ text: 'Message saved as .eml' });
  };

  const messageMenuItems = (rows: MessageSummary[]): MenuItem[] => {
    const ids = rows.map((r) => r.id);
    const anyUnread = rows.some((r) => !r.read);
    const allStarred = rows.every((r) => r.starred);
    return [
      { label: 'Move to…', run: () => setDialog({ kind: 'move', ids }) },
      {
        label: 'Archive',
        disabled: !archive || openFolder?.role === 'archive',
        run: () => archive && void moveTo(ids, archive),
      },
      { label: 'Delete', run: () => void deleteMessages(ids, false) },
      anyUnread
        ? { label: 'Mark as read', run: () => void setRead(rows, true) }
        : { label: 'Mark as unread', run: () => void setRead(rows, false) },
      allStarred
        ? { label: 'Unstar', run: () => void setStarred(rows, false) }
        : { label: 'Star', run: () => void setStarred(rows, true) },
      {
        label: 'Save as…',
        disabled: rows.length !== 1,
        run: () => rows[0] && void saveAs(rows[0]),
      },
    ];
  };

  const onListCommand = (
    command: ListCommand,
    rows: MessageSummary[],
    at?: { x: number; y: number },
  ) => {
    const ids = rows.map((r) => r.id);
    switch (command) {
      case 'delete-here':
      case 'delete-from-server':
        return void deleteMessages(ids, command === 'delete-from-server');
      case 'archive':
        if (archive && openFolder?.role !== 'archive') void moveTo(ids, archive);
        return;
      case 'star':
        return void setStarred(rows, !rows.every((r) => r.starred));
      case 'toggle-read':
        return void setRead(
          rows,
          rows.some((r) => !r.read),
        );
      case 'activate':
        if (openFolder?.role === 'drafts' && rows[0]) void openCompose('edit-draft', rows[0].id);
        return;
      case 'menu':
        return setMenu({
          label: 'Message actions',
          x: at?.x ?? 200,
          y: at?.y ?? 200,
          items: messageMenuItems(rows),
        });
    }
  };

  const exportFolder = async (target: Folder) => {
    setNote({ text: `Exporting ${folderLabel(target)}…` });
    const result = await api.folders.exportMbox({ id: target.id });
    if (!result.ok) return showProblem(result.error);
    setNote(
      result.value.status === 'cancelled'
        ? null
        : { text: `Exported ${plural(target.total, 'message')} from ${folderLabel(target)}` },
    );
  };

  const importFiles = async (target: Folder, files: File[]) => {
    let stored = 0;
    let duplicates = 0;
    const problems: string[] = [];
    for (const [i, file] of files.entries()) {
      setNote({ text: `Importing file ${i + 1} of ${files.length} into ${folderLabel(target)}…` });
      if (file.size > IMPORT_FILE_MAX_BYTES) {
        problems.push(`${file.name}: too large to import here; use the command line's import`);
        continue;
      }
      const base64 = await readFileBase64(file);
      const result = await api.folders.importFile({ id: target.id, name: file.name, base64 });
      if (!result.ok) {
        problems.push(`${file.name}: ${describeError(result.error, { account: '' }).text}`);
        continue;
      }
      stored += result.value.stored;
      duplicates += result.value.duplicates;
      problems.push(...result.value.problems.map((p) => `${p.source}: ${p.reason}`));
      bump();
    }
    setNote({
      text:
        `Imported ${plural(stored, 'message')} into ${folderLabel(target)}` +
        (duplicates ? `; ${duplicates} already there` : '') +
        (problems.length ? `; not readable: ${problems.join('; ')}` : ''),
    });
    bump();
  };

  const folderMenu = (target: Folder, x: number, y: number) => {
    const items: MenuItem[] = [];
    if (target.role === 'trash')
      items.push({
        label: 'Empty Trash',
        disabled: target.total === 0,
        run: () => setDialog({ kind: 'confirm-empty-trash' }),
      });
    items.push(
      { label: 'Export as mbox…', run: () => void exportFolder(target) },
      {
        label: 'Import mail…',
        run: () => {
          importTarget.current = target;
          importInput.current?.click();
        },
      },
    );
    if (target.role === 'user')
      items.push(
        {
          label: 'Rename…',
          run: () => setDialog({ kind: 'rename-folder', folder: target, error: null }),
        },
        {
          label: 'Remove folder…',
          run: () => setDialog({ kind: 'remove-folder', folder: target }),
        },
      );
    items.push({ label: 'New folder…', run: () => setDialog({ kind: 'new-folder', error: null }) });
    setMenu({ label: `${folderLabel(target)} actions`, x, y, items });
  };

  const createFolder = async (name: string, moveIds?: number[]) => {
    const result = await api.folders.create({ name });
    if (!result.ok)
      return setDialog({
        kind: 'new-folder',
        error: describeError(result.error, { account: '' }).text,
        ...(moveIds ? { moveIds } : {}),
      });
    setDialog(null);
    if (moveIds) await moveTo(moveIds, result.value);
    bump();
  };

  const renameFolder = async (target: Folder, name: string) => {
    const result = await api.folders.rename({ id: target.id, name });
    if (!result.ok)
      return setDialog({
        kind: 'rename-folder',
        folder: target,
        error: describeError(result.error, { account: '' }).text,
      });
    setDialog(null);
    bump();
  };

  const removeFolder = async (target: Folder) => {
    setDialog(null);
    const result = await api.folders.remove({ id: target.id });
    if (!result.ok) return showProblem(result.error);
    setNote({
      text: `Removed ${target.name}; moved ${plural(result.value.movedToTrash, 'message')} to Trash`,
    });
    if (folder === target.id) setFolder('all');
    bump();
  };

  // A sync's own words take the status bar back when it starts.
  useEffect(() => {
    if (sync.running) setNote(null);
  }, [sync.running]);

  // Ctrl/Cmd+Z undoes the last move, except where it undoes typing.
  const undoRef = useRef(note?.undo);
  undoRef.current = note?.undo;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isUndoShortcut(event) || !undoRef.current) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"]')) return;
      event.preventDefault();
      undoRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const deleteFromServer = async (ids: number[]) => {
    setDialog(null);
    const result = await api.messages.deleteFromServer({ ids });
    if (!result.ok) return showProblem(result.error);
    bump();
  };

  // The open message left the list: closed if it is gone or now in another folder (a message that
  // merely moved down the list, or no longer matches a filter, stays open).
  const openLeft = useCallback(
    async (id: number) => {
      const result = await api.messages.detail({ id });
      const here =
        result.ok &&
        (folder === 'all' ? result.value.folderId !== trash?.id : result.value.folderId === folder);
      if (!here) setOpenId((open) => (open === id ? null : open));
    },
    [api, folder, trash?.id],
  );

  const readChanged = useCallback((id: number, read: boolean) => {
    listRef.current?.patch(id, { read });
    bump();
  }, []);

  const onStatusAction = (action: ErrorAction, accountId: number | null) => {
    if (action.kind === 'retry') return void getMail(accountId ?? undefined);
    if (accountId === null) return;
    if (action.kind === 'update-password') setDialog({ kind: 'password', accountId });
    else if (action.kind === 'edit-account') setDialog({ kind: 'edit-account', accountId });
    else
      setDialog({
        kind: 'trust',
        accountId,
        fingerprint256: action.fingerprint256,
        subject: action.subject,
        ...(action.previousFingerprint256
          ? { previousFingerprint256: action.previousFingerprint256 }
          : {}),
      });
  };

  const accountOf = (id: number): Account | undefined => accounts.find((a) => a.id === id);
  // An account whose last check failed for a reason only the user can fix (not a wait).
  const alertWords = (id: number) => {
    const report = sync.outcomes.get(id);
    if (!report || outcomeState(report) !== 'attention') return null;
    return outcomeError(report, accountOf(id));
  };
  const alerts = new Map(
    accounts.flatMap((a) => {
      const words = alertWords(a.id);
      return words ? [[a.id, words.text] as const] : [];
    }),
  );
  const dialogAccount = dialog && 'accountId' in dialog ? accountOf(dialog.accountId) : undefined;
  const closeDialog = () => setDialog(null);
  const afterAccountChange = async () => {
    await reloadAccounts();
    bump();
  };

  return (
    <div className="app">
      <Toolbar
        syncing={sync.running}
        hasAccounts={accounts.length > 0}
        logOpen={logOpen}
        onGetMail={() => void getMail()}
        onAddAccount={() => setDialog({ kind: 'add-account', modal: true })}
        onSettings={() => setDialog({ kind: 'settings' })}
        onToggleLog={() => setLogOpen((open) => !open)}
        onNewMessage={() => setCompose({ template: null, key: Date.now() })}
      />
      {problem ? (
        <div className="banner" role="alert">
          <span>{problem}</span>
          <button type="button" onClick={() => setProblem(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="workspace">
        <Sidebar
          accounts={accounts}
          folders={folders}
          selected={outboxOpen ? null : folder}
          onSelect={(f) => {
            setOutboxOpen(false);
            setFolder(f);
            setOpenId(null);
          }}
          outboxCount={outbox.items.length}
          onOutbox={() => {
            setOutboxOpen(true);
            setOpenId(null);
            outbox.reload();
          }}
          onEdit={(account) => setDialog({ kind: 'edit-account', accountId: account.id })}
          onDropMessages={(target, ids) => void moveTo(ids, target)}
          onFolderMenu={folderMenu}
          onNewFolder={() => setDialog({ kind: 'new-folder', error: null })}
          alerts={alerts}
          onAlert={(account) => {
            const words = alertWords(account.id);
            if (!words) return;
            if (words.action) onStatusAction(words.action, account.id);
            else setProblem(words.text);
          }}
        />
        <main className="mail-area">
          {outboxOpen ? (
            <OutboxView items={outbox.items} onChanged={outboxChanged} onProblem={showProblem} />
          ) : (
            <>
              <div className="list-pane" style={columnStyle(columnWidths)}>
                <div className="list-tools">
                  <SearchBox value={search} onSearch={setSearch} />
                  <div className="quick-filters" role="group" aria-label="Quick filters">
                    <button
                      type="button"
                      aria-pressed={unreadOnly}
                      onClick={() => setUnreadOnly((on) => !on)}
                    >
                      Unread
                    </button>
                    <button
                      type="button"
                      aria-pressed={starredOnly}
                      onClick={() => setStarredOnly((on) => !on)}
                    >
                      Starred
                    </button>
                  </div>
                  <SortControl sort={sort} onChange={setSort} />
                  {inTrash ? (
                    <button
                      type="button"
                      className="danger"
                      disabled={(trash?.total ?? 0) === 0}
                      onClick={() => setDialog({ kind: 'confirm-empty-trash' })}
                    >
                      Empty Trash
                    </button>
                  ) : null}
                </div>
                <ListHeader
                  sort={sort}
                  onSort={setSort}
                  widths={columnWidths}
                  onResize={setColumnWidth}
                />
                <MessageList
                  ref={listRef}
                  query={{
                    ...(folder === 'all' ? {} : { folderId: folder }),
                    unreadOnly,
                    starredOnly,
                    search,
                    sort: sort.key,
                    order: sort.order,
                  }}
                  version={version}
                  openId={openId}
                  onOpen={setOpenId}
                  onOpenLeft={(id) => void openLeft(id)}
                  onCommand={onListCommand}
                />
              </div>
              <ReaderPane
                messageId={openId}
                settings={settings}
                onSettings={(changes) => void updateSettings(changes)}
                onDelete={(ids, fromServer) => void deleteMessages(ids, fromServer)}
                onReadChanged={readChanged}
                onGetMail={getMail}
                onCompose={(kind, id) => void openCompose(kind, id)}
                draftsFolderId={folders.find((f) => f.role === 'drafts')?.id}
              />
            </>
          )}
        </main>
      </div>
      {logOpen ? (
        <LogPanel
          accounts={accounts}
          height={logHeight}
          maxHeight={Math.max(LOG_PANEL_MIN_HEIGHT, Math.round(window.innerHeight * 0.75))}
          onResize={setLogHeight}
        />
      ) : null}
      <StatusBar
        sync={sync}
        accounts={accounts}
        onAction={onStatusAction}
        note={note}
        onDismissNote={() => setNote(null)}
      />
      <input
        ref={importInput}
        type="file"
        multiple
        hidden
        aria-label="Mail files to import"
        accept=".mbox,.eml,.mbx,application/mbox,message/rfc822,*/*"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          const target = importTarget.current;
          event.target.value = '';
          if (target && files.length) void importFiles(target, files);
        }}
      />
      {compose ? (
        <ComposeDialog
          key={compose.key}
          template={compose.template}
          draft={compose.draft ?? null}
          attached={compose.attached ?? null}
          accounts={accounts}
          attachmentWarnMegabytes={settings.attachmentWarnMegabytes}
          onClose={() => {
            setCompose(null);
            bump();
          }}
          onSent={() => {
            setCompose(null);
            setNote({ text: 'Message sent' });
            bump();
          }}
        />
      ) : null}
      {menu ? (
        <ContextMenu
          label={menu.label}
          x={menu.x}
          y={menu.y}
          items={menu.items}
          onClose={() => setMenu(null)}
        />
      ) : null}
      {dialog?.kind === 'confirm-delete-forever' ? (
        <ConfirmDialog
          title="Delete for good?"
          message={`${plural(dialog.ids.length, 'message')} will be deleted from Popline for good. This cannot be undone.`}
          confirmLabel="Delete for good"
          danger
          onConfirm={() => void deleteForever(dialog.ids)}
          onCancel={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'confirm-empty-trash' ? (
        <ConfirmDialog
          title="Empty Trash?"
          message={`${plural(trash?.total ?? 0, 'message')} in Trash will be deleted from Popline for good. This cannot be undone.`}
          confirmLabel="Empty Trash"
          danger
          onConfirm={() => void deleteForever('all')}
          onCancel={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'move' ? (
        <MoveDialog
          count={dialog.ids.length}
          folders={folders.filter((f) => f.id !== folder)}
          folderLabel={folderLabel}
          onMove={(target) => {
            closeDialog();
            void moveTo(dialog.ids, target);
          }}
          onCancel={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'new-folder' ? (
        <FolderNameDialog
          title="New folder"
          initial=""
          confirmLabel="Create"
          error={dialog.error}
          onSubmit={(name) => void createFolder(name, dialog.moveIds)}
          onCancel={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'rename-folder' ? (
        <FolderNameDialog
          title="Rename folder"
          initial={dialog.folder.name}
          confirmLabel="Rename"
          error={dialog.error}
          onSubmit={(name) => void renameFolder(dialog.folder, name)}
          onCancel={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'remove-folder' ? (
        <ConfirmDialog
          title={`Remove ${dialog.folder.name}?`}
          message={
            dialog.folder.total
              ? `Its ${plural(dialog.folder.total, 'message')} will be moved to Trash.`
              : 'The folder is empty.'
          }
          confirmLabel="Remove folder"
          onConfirm={() => void removeFolder(dialog.folder)}
          onCancel={closeDialog}
        />
      ) : null}

      {dialog?.kind === 'settings' ? (
        <SettingsDialog
          settings={settings}
          onChange={(changes) => void updateSettings(changes)}
          onEditSending={(identity) => setDialog({ kind: 'sending', identity })}
          onClose={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'sending' ? (
        <SendingDialog
          identity={dialog.identity}
          account={accounts.find((a) => a.id === dialog.identity.accountId)}
          onClose={closeDialog}
          onSaved={(identity) => {
            closeDialog();
            setNote({ text: `Sending settings saved for ${identity.address}` });
          }}
        />
      ) : null}
      {dialog?.kind === 'add-account' ? (
        <AccountDialog
          mode={{ kind: 'add' }}
          checkIntervalMinutes={settings.checkIntervalMinutes}
          modal={dialog.modal}
          onClose={closeDialog}
          onSaved={() => {
            closeDialog();
            void afterAccountChange();
          }}
          onRemoved={closeDialog}
        />
      ) : null}
      {dialog?.kind === 'edit-account' && dialogAccount ? (
        <AccountDialog
          mode={{ kind: 'edit', account: dialogAccount }}
          checkIntervalMinutes={settings.checkIntervalMinutes}
          modal
          onClose={closeDialog}
          onSaved={() => {
            closeDialog();
            void afterAccountChange();
          }}
          onRemoved={() => {
            closeDialog();
            setOpenId(null);
            void afterAccountChange();
          }}
        />
      ) : null}
      {dialog?.kind === 'password' && dialogAccount ? (
        <PasswordDialog
          account={dialogAccount}
          onClose={closeDialog}
          onSaved={() => {
            closeDialog();
            void getMail(dialogAccount.id);
          }}
        />
      ) : null}
      {dialog?.kind === 'trust' && dialogAccount ? (
        <TrustCertificateDialog
          account={dialogAccount}
          fingerprint256={dialog.fingerprint256}
          subject={dialog.subject}
          {...(dialog.previousFingerprint256
            ? { previousFingerprint256: dialog.previousFingerprint256 }
            : {})}
          onClose={closeDialog}
          onTrusted={() => {
            closeDialog();
            void reloadAccounts().then(() => getMail(dialogAccount.id));
          }}
        />
      ) : null}
      {dialog?.kind === 'confirm-server-delete' ? (
        <ConfirmDialog
          title="Delete from the server?"
          message={`${plural(dialog.ids.length, 'message')} will be deleted here and from the server at the next check. This cannot be undone.`}
          confirmLabel="Delete from server"
          danger
          onConfirm={() => void deleteFromServer(dialog.ids)}
          onCancel={closeDialog}
        />
      ) : null}
    </div>
  );
}

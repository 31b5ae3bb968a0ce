// The window: toolbar, sidebar, message list, reader, protocol-log panel and status bar, and the
// dialogs between them. Wires views to the API; the views own their own details.
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Account } from '../../shared/model/account';
import type { AppError } from '../../shared/result';
import { AccountDialog } from '../accounts/account-dialog';
import { PasswordDialog } from '../accounts/password-dialog';
import { TrustCertificateDialog } from '../accounts/trust-certificate-dialog';
import { isGetMailShortcut } from '../inbox/list-keys';
import { MessageList, type MessageListHandle } from '../inbox/message-list';
import { SearchBox } from '../inbox/search-box';
import { Sidebar, type Folder } from '../inbox/sidebar';
import { SortControl, type ListSort } from '../inbox/sort-control';
import { useUnreadCounts } from '../inbox/use-unread-counts';
import { LogPanel, LOG_PANEL_MIN_HEIGHT } from '../protocol-log/log-panel';
import { ReaderPane } from '../reader/reader-pane';
import { describeError, type ErrorAction } from '../status/error-words';
import { StatusBar } from '../status/status-bar';
import { useSync } from '../status/use-sync';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { plural } from '../ui/format';
import { useApi } from './api-context';
import { Toolbar } from './toolbar';
import { useAccounts } from './use-accounts';
import { useSettings } from './use-settings';
import { useStoredNumber } from './use-stored-number';

type DialogState =
  | null
  | { kind: 'add-account'; modal: boolean }
  | { kind: 'edit-account'; accountId: number }
  | { kind: 'password'; accountId: number }
  | { kind: 'trust'; accountId: number; fingerprint256: string; subject: string }
  | { kind: 'confirm-server-delete'; ids: number[] };

export function App() {
  const api = useApi();
  const { accounts: loadedAccounts, reload: reloadAccounts } = useAccounts();
  const accounts = loadedAccounts ?? [];
  const { settings, update: updateSettings } = useSettings();
  const [version, bump] = useReducer((n: number) => n + 1, 0);
  const storeChanged = useCallback(() => bump(), []);
  const sync = useSync(storeChanged);
  const [folder, setFolder] = useState<Folder>('all');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<ListSort>({ key: 'date', order: 'desc' });
  const [openId, setOpenId] = useState<number | null>(null);
  const [dialog, setDialog] = useState<DialogState>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [logOpen, setLogOpen] = useState(false);
  const [logHeight, setLogHeight] = useStoredNumber('popline.logHeight', 280);
  const listRef = useRef<MessageListHandle>(null);
  const firstRunShown = useRef(false);
  const unread = useUnreadCounts(accounts, version);

  // First run: with no account yet, the add-account form is what the user sees.
  useEffect(() => {
    if (loadedAccounts && loadedAccounts.length === 0 && !firstRunShown.current) {
      firstRunShown.current = true;
      setDialog((d) => d ?? { kind: 'add-account', modal: false });
    }
  }, [loadedAccounts]);

  useEffect(() => {
    if (folder !== 'all' && loadedAccounts && !loadedAccounts.some((a) => a.id === folder))
      setFolder('all');
  }, [folder, loadedAccounts]);

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

  const showProblem = (error: AppError) => setProblem(describeError(error, { account: '' }).text);

  const deleteMessages = useCallback(
    async (ids: number[], fromServer: boolean) => {
      if (fromServer) {
        setDialog({ kind: 'confirm-server-delete', ids });
        return;
      }
      const result = await api.messages.deleteLocally({ ids });
      if (!result.ok) return showProblem(result.error);
      setOpenId((id) => (id !== null && ids.includes(id) ? null : id));
      bump();
    },
    [api],
  );

  const deleteFromServer = async (ids: number[]) => {
    setDialog(null);
    const result = await api.messages.deleteFromServer({ ids });
    if (!result.ok) return showProblem(result.error);
    bump();
  };

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
      });
  };

  const accountOf = (id: number): Account | undefined => accounts.find((a) => a.id === id);
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
        onToggleLog={() => setLogOpen((open) => !open)}
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
          folder={folder}
          unread={unread}
          onSelect={(f) => {
            setFolder(f);
            setOpenId(null);
          }}
          onEdit={(account) => setDialog({ kind: 'edit-account', accountId: account.id })}
        />
        <main className="mail-area">
          <div className="list-pane">
            <div className="list-tools">
              <SearchBox value={search} onSearch={setSearch} />
              <SortControl sort={sort} onChange={setSort} />
            </div>
            <div className="list-header" aria-hidden="true">
              <span className="cell cell-flag" />
              <span className="cell cell-from">Sender</span>
              <span className="cell cell-subject">Subject</span>
              <span className="cell cell-attach" />
              <span className="cell cell-date">Date</span>
              <span className="cell cell-size">Size</span>
            </div>
            <MessageList
              ref={listRef}
              query={{
                ...(folder === 'all' ? {} : { accountId: folder }),
                search,
                sort: sort.key,
                order: sort.order,
              }}
              version={version}
              openId={openId}
              onOpen={setOpenId}
              onDelete={(ids, fromServer) => void deleteMessages(ids, fromServer)}
            />
          </div>
          <ReaderPane
            messageId={openId}
            settings={settings}
            onSettings={(changes) => void updateSettings(changes)}
            onDelete={(ids, fromServer) => void deleteMessages(ids, fromServer)}
            onReadChanged={readChanged}
            onGetMail={getMail}
          />
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
      <StatusBar sync={sync} accounts={accounts} onAction={onStatusAction} />

      {dialog?.kind === 'add-account' ? (
        <AccountDialog
          mode={{ kind: 'add' }}
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

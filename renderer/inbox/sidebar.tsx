// The sidebar: "All mail", each account's Inbox (with its settings button), then Local Folders:
// Trash, Archive, Drafts, Sent and the user's folders, then the Outbox (messages not sent yet), each with its unread count, each a drop target for
// dragged messages and each with a context menu (right click, Menu key or Shift+F10). An account
// whose last check needs the user has a mark: its error on hover, its remedy on click.
import type { DragEvent, KeyboardEvent, MouseEvent } from 'react';
import type { Account } from '../../shared/model/account';
import type { Folder } from '../../shared/model/folder';
import { accountLabel } from '../app/account-label';
import { DRAG_TYPE, draggedIds } from './drag';

/** What the list shows: every folder but Trash, or one folder by id. */
export type FolderChoice = number | 'all';

interface SidebarProps {
  accounts: readonly Account[];
  folders: readonly Folder[];
  /** null: the Outbox is shown. */
  selected: FolderChoice | null;
  onSelect(folder: FolderChoice): void;
  /** Messages not sent yet. */
  outboxCount: number;
  onOutbox(): void;
  onEdit(account: Account): void;
  onDropMessages(folder: Folder, ids: number[]): void;
  onFolderMenu(folder: Folder, x: number, y: number): void;
  onNewFolder(): void;
  /** Accounts whose last check needs the user (a rejected password, a certificate, …): the words. */
  alerts: ReadonlyMap<number, string>;
  onAlert(account: Account): void;
}

function UnreadCount({ count }: { count: number | undefined }) {
  if (!count) return null;
  return (
    <span className="unread-count">
      {count}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}

export function Sidebar(props: SidebarProps) {
  const { accounts, folders, selected, onSelect, onEdit } = props;
  const allUnread = folders.filter((f) => f.role !== 'trash').reduce((n, f) => n + f.unread, 0);
  const local = folders.filter((f) => f.accountId === null);

  const dropProps = (folder: Folder) => ({
    onDragOver(event: DragEvent) {
      if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      event.currentTarget.classList.add('drop-target');
    },
    onDragLeave(event: DragEvent) {
      event.currentTarget.classList.remove('drop-target');
    },
    onDrop(event: DragEvent) {
      event.currentTarget.classList.remove('drop-target');
      const ids = draggedIds(event.dataTransfer);
      if (!ids.length) return;
      event.preventDefault();
      props.onDropMessages(folder, ids);
    },
    onContextMenu(event: MouseEvent) {
      event.preventDefault();
      props.onFolderMenu(folder, event.clientX, event.clientY);
    },
    onKeyDown(event: KeyboardEvent<HTMLElement>) {
      if (event.key === 'ContextMenu' || (event.key === 'F10' && event.shiftKey)) {
        event.preventDefault();
        const box = event.currentTarget.getBoundingClientRect();
        props.onFolderMenu(folder, box.left + 16, box.bottom);
      }
    },
  });

  const folderButton = (folder: Folder, name: React.ReactNode) => (
    <button
      type="button"
      className="folder"
      aria-current={selected === folder.id ? 'page' : undefined}
      onClick={() => onSelect(folder.id)}
      {...dropProps(folder)}
    >
      <span className="folder-name">{name}</span>
      <UnreadCount count={folder.unread} />
    </button>
  );

  return (
    <nav className="sidebar" aria-label="Mailboxes">
      <ul className="folder-list">
        <li>
          <button
            type="button"
            className="folder"
            aria-current={selected === 'all' ? 'page' : undefined}
            onClick={() => onSelect('all')}
          >
            <span className="folder-name">All mail</span>
            <UnreadCount count={allUnread} />
          </button>
        </li>
        {accounts.map((account) => {
          const label = accountLabel(account);
          const inbox = folders.find((f) => f.role === 'inbox' && f.accountId === account.id);
          if (!inbox) return null;
          return (
            <li key={account.id} className="account-folder">
              {folderButton(
                inbox,
                <>
                  Inbox<span className="folder-account">{label}</span>
                </>,
              )}
              {props.alerts.has(account.id) ? (
                <button
                  type="button"
                  className="icon-button account-alert"
                  aria-label={`${label} needs attention: ${props.alerts.get(account.id)}`}
                  title={props.alerts.get(account.id)}
                  onClick={() => props.onAlert(account)}
                >
                  <span aria-hidden="true">!</span>
                </button>
              ) : null}
              <button
                type="button"
                className="icon-button"
                aria-label={`Edit account ${label}`}
                title={`Edit account ${label}`}
                onClick={() => onEdit(account)}
              >
                <span aria-hidden="true">⚙</span>
              </button>
            </li>
          );
        })}
      </ul>
      <h2 className="folder-group">Local Folders</h2>
      <ul className="folder-list" aria-label="Local Folders">
        {local.map((folder) => (
          <li key={folder.id} className={`local-folder role-${folder.role}`}>
            {folderButton(folder, folder.name)}
          </li>
        ))}
      </ul>
      <ul className="folder-list" aria-label="Sending">
        <li className="local-folder role-outbox">
          <button
            type="button"
            className="folder"
            aria-current={selected === null ? 'page' : undefined}
            onClick={props.onOutbox}
          >
            <span className="folder-name">Outbox</span>
            {props.outboxCount ? (
              <span className="unread-count">
                {props.outboxCount}
                <span className="visually-hidden"> not sent</span>
              </span>
            ) : null}
          </button>
        </li>
      </ul>
      <button type="button" className="new-folder" onClick={props.onNewFolder}>
        New folder…
      </button>
    </nav>
  );
}

// The sidebar: all mail, and each account's inbox with its unread count and its settings button.
// Chooses what the list shows; never changes an account itself.
import type { Account } from '../../shared/model/account';
import { accountLabel } from '../app/account-label';

export type Folder = number | 'all';

interface SidebarProps {
  accounts: readonly Account[];
  folder: Folder;
  unread: ReadonlyMap<Folder, number>;
  onSelect(folder: Folder): void;
  onEdit(account: Account): void;
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

export function Sidebar({ accounts, folder, unread, onSelect, onEdit }: SidebarProps) {
  return (
    <nav className="sidebar" aria-label="Mailboxes">
      <ul className="folder-list">
        <li>
          <button
            type="button"
            className="folder"
            aria-current={folder === 'all' ? 'page' : undefined}
            onClick={() => onSelect('all')}
          >
            <span className="folder-name">All mail</span>
            <UnreadCount count={unread.get('all')} />
          </button>
        </li>
        {accounts.map((account) => {
          const label = accountLabel(account);
          return (
            <li key={account.id} className="account-folder">
              <button
                type="button"
                className="folder"
                aria-current={folder === account.id ? 'page' : undefined}
                onClick={() => onSelect(account.id)}
              >
                <span className="folder-name">
                  Inbox<span className="folder-account">{label}</span>
                </span>
                <UnreadCount count={unread.get(account.id)} />
              </button>
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
    </nav>
  );
}

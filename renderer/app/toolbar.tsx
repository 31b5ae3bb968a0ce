// The top bar: Get mail, New message, Add account, Settings, and the protocol-log toggle.
import { LOG_PANEL_ID } from '../protocol-log/log-panel';

interface ToolbarProps {
  syncing: boolean;
  hasAccounts: boolean;
  logOpen: boolean;
  onGetMail(): void;
  onAddAccount(): void;
  onSettings(): void;
  onToggleLog(): void;
  onNewMessage(): void;
}

export function Toolbar({
  syncing,
  hasAccounts,
  logOpen,
  onGetMail,
  onAddAccount,
  onSettings,
  onToggleLog,
  onNewMessage,
}: ToolbarProps) {
  return (
    <header className="toolbar">
      <h1 className="app-name">Popline</h1>
      <button
        type="button"
        className="primary"
        onClick={onGetMail}
        disabled={syncing || !hasAccounts}
        aria-keyshortcuts="Control+R Meta+R"
        title="Get mail (Ctrl+R)"
      >
        Get mail
      </button>
      <button
        type="button"
        onClick={onNewMessage}
        aria-keyshortcuts="Control+N Meta+N"
        title="New message (Ctrl+N)"
      >
        New message
      </button>
      <button type="button" onClick={onAddAccount}>
        Add account
      </button>
      <span className="toolbar-spacer" />
      <button type="button" onClick={onSettings}>
        Settings
      </button>
      <button
        type="button"
        aria-expanded={logOpen}
        aria-controls={logOpen ? LOG_PANEL_ID : undefined}
        onClick={onToggleLog}
      >
        Protocol log
      </button>
    </header>
  );
}

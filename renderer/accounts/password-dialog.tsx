// Asks for an account's password again after the server rejected it, then stores it.
import { useState } from 'react';
import type { Account } from '../../shared/model/account';
import { accountLabel } from '../app/account-label';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { TextField } from '../ui/form-field';
import { ModalDialog } from '../ui/modal-dialog';

interface PasswordDialogProps {
  account: Account;
  onClose(): void;
  /** The new password is stored. */
  onSaved(): void;
}

export function PasswordDialog({ account, onClose, onSaved }: PasswordDialogProps) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [weakAllowed, setWeakAllowed] = useState(false);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (!password) {
      setProblem('Enter the password.');
      return;
    }
    setBusy(true);
    const result = await api.accounts.update({
      id: account.id,
      changes: {},
      password,
      allowWeakSecretStorage: weakAllowed,
    });
    setBusy(false);
    if (result.ok) return onSaved();
    if (result.error.kind === 'keyring-missing') setWeakAllowed(true);
    setProblem(
      result.error.kind === 'keyring-missing'
        ? `${describeError(result.error, { account: '' }).text} Save again to store it anyway.`
        : describeError(result.error, { account: accountLabel(account) }).text,
    );
  };

  return (
    <ModalDialog
      title={`Password for ${accountLabel(account)}`}
      description="The server rejected the password. Enter the current one."
      onClose={onClose}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={problem ?? undefined}
        />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save password
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

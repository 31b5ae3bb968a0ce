// Names a new folder or renames one; the store's answer (a duplicate, say) is shown in place.
import { useState } from 'react';
import { ModalDialog } from '../ui/modal-dialog';

interface FolderNameDialogProps {
  title: string;
  initial: string;
  confirmLabel: string;
  error: string | null;
  onSubmit(name: string): void;
  onCancel(): void;
}

export function FolderNameDialog(props: FolderNameDialogProps) {
  const [name, setName] = useState(props.initial);
  return (
    <ModalDialog title={props.title} onClose={props.onCancel} className="folder-name-dialog">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) props.onSubmit(name.trim());
        }}
      >
        <label className="field">
          <span>Folder name</span>
          <input
            value={name}
            maxLength={200}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={props.error ? 'true' : undefined}
          />
        </label>
        {props.error ? (
          <p className="field-error" role="alert">
            {props.error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim()}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

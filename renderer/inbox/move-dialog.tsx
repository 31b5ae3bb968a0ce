// "Move to…": pick a folder for the selected messages. Every folder but the one they are in.
import type { Folder } from '../../shared/model/folder';
import { ModalDialog } from '../ui/modal-dialog';

interface MoveDialogProps {
  count: number;
  folders: readonly Folder[];
  folderLabel(folder: Folder): string;
  onMove(folder: Folder): void;
  onCancel(): void;
}

export function MoveDialog({ count, folders, folderLabel, onMove, onCancel }: MoveDialogProps) {
  return (
    <ModalDialog
      title="Move to folder"
      description={`${count} ${count === 1 ? 'message' : 'messages'}`}
      onClose={onCancel}
      className="move-dialog"
    >
      <ul className="move-targets">
        {folders.map((folder) => (
          <li key={folder.id}>
            <button type="button" onClick={() => onMove(folder)}>
              {folderLabel(folder)}
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}

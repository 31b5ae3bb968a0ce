// A message's attachments with "Save…" for each. Main writes the file (or the bridge offers a
// download); the renderer never holds attachment bytes.
import { useState } from 'react';
import { safeFileName } from '../../shared/files/safe-file-name';
import type { AttachmentInfo } from '../../shared/model/message';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { formatSize } from '../ui/format';

export function AttachmentList({
  messageId,
  attachments,
}: {
  messageId: number;
  attachments: readonly AttachmentInfo[];
}) {
  const api = useApi();
  const [notes, setNotes] = useState<ReadonlyMap<number, string>>(new Map());
  if (!attachments.length) return null;

  const save = async (attachment: AttachmentInfo) => {
    const note = (text: string) => setNotes((map) => new Map(map).set(attachment.index, text));
    note('Saving…');
    const result = await api.messages.saveAttachment({ id: messageId, index: attachment.index });
    if (!result.ok) return note(describeError(result.error, { account: '' }).text);
    const outcome = result.value;
    if (outcome.status === 'saved') note(`Saved to ${outcome.path}`);
    else if (outcome.status === 'download') note('Downloaded.');
    else note('');
  };

  return (
    <div className="attachments">
      <h3 className="attachments-title">
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </h3>
      <ul>
        {attachments.map((attachment) => {
          // Shown as it will be saved: no bidi control can make "evil\u202egpj.exe" read as a .jpg.
          const name = attachment.filename
            ? safeFileName(attachment.filename)
            : `unnamed ${attachment.mimeType}`;
          return (
            <li key={attachment.index} className="attachment">
              <span className="attachment-name">{name}</span>
              <span className="attachment-size">{formatSize(attachment.size)}</span>
              <button type="button" onClick={() => void save(attachment)}>
                Save…<span className="visually-hidden"> {name}</span>
              </button>
              <span className="attachment-note" aria-live="polite">
                {notes.get(attachment.index) ?? ''}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

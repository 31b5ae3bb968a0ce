// "View source": the message exactly as stored, in a dialog; of a large one only its head (main sends
// no more), with a line saying so and Save As beside it for all of it.
import { useEffect, useState } from 'react';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { formatSize } from '../ui/format';
import { ModalDialog } from '../ui/modal-dialog';

export function SourceDialog({ messageId, onClose }: { messageId: number; onClose(): void }) {
  const api = useApi();
  const [text, setText] = useState<string | null>(null);
  const [cut, setCut] = useState<{ shown: number; size: number } | null>(null);
  const [saveNote, setSaveNote] = useState('');

  useEffect(() => {
    let live = true;
    void api.messages.raw({ id: messageId }).then((result) => {
      if (!live) return;
      setText(result.ok ? result.value.source : describeError(result.error, { account: '' }).text);
      if (result.ok && result.value.shown < result.value.size)
        setCut({ shown: result.value.shown, size: result.value.size });
    });
    return () => {
      live = false;
    };
  }, [api, messageId]);

  // Main streams the stored bytes to the file (or the bridge offers a download): the whole
  // message, however much of it the dialog shows.
  const saveAs = async () => {
    setSaveNote('Saving…');
    const result = await api.messages.saveAs({ id: messageId });
    if (!result.ok) return setSaveNote(describeError(result.error, { account: '' }).text);
    const outcome = result.value;
    if (outcome.status === 'saved') setSaveNote(`Saved to ${outcome.path}`);
    else if (outcome.status === 'download') setSaveNote('Downloaded.');
    else setSaveNote('');
  };

  return (
    <ModalDialog title="Message source" onClose={onClose} className="source-dialog">
      {cut && (
        <p className="source-cut" role="note">
          Showing the first {formatSize(cut.shown)} of {formatSize(cut.size)}; Save As to get all of
          it.
        </p>
      )}
      <pre className="message-source" tabIndex={0} aria-busy={text === null}>
        {text ?? 'Loading…'}
      </pre>
      <div className="dialog-actions">
        <span className="source-save-note push-left" aria-live="polite">
          {saveNote}
        </span>
        <button type="button" onClick={() => void saveAs()}>
          Save As…
        </button>
        <button type="button" onClick={onClose}>
          Close source
        </button>
      </div>
    </ModalDialog>
  );
}

// "View source": the message exactly as stored, in a dialog.
import { useEffect, useState } from 'react';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { ModalDialog } from '../ui/modal-dialog';

export function SourceDialog({ messageId, onClose }: { messageId: number; onClose(): void }) {
  const api = useApi();
  const [text, setText] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api.messages.raw({ id: messageId }).then((result) => {
      if (!live) return;
      setText(result.ok ? result.value.source : describeError(result.error, { account: '' }).text);
    });
    return () => {
      live = false;
    };
  }, [api, messageId]);

  return (
    <ModalDialog title="Message source" onClose={onClose} className="source-dialog">
      <pre className="message-source" tabIndex={0} aria-busy={text === null}>
        {text ?? 'Loading…'}
      </pre>
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close source
        </button>
      </div>
    </ModalDialog>
  );
}

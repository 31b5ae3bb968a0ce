// "Sending settings": an identity edited after set-up (name, address, SMTP server, port,
// security, user name, password, a trusted certificate), with Test sending before saving.
import type { Account } from '../../shared/model/account';
import type { Identity } from '../../shared/model/identity';
import { ModalDialog } from '../ui/modal-dialog';
import { SendingSetup } from './sending-setup';

interface SendingDialogProps {
  identity: Identity;
  account: Account | undefined;
  onClose(): void;
  onSaved(identity: Identity): void;
}

export function SendingDialog({ identity, account, onClose, onSaved }: SendingDialogProps) {
  return (
    <ModalDialog title="Sending settings" onClose={onClose} className="sending-dialog">
      <SendingSetup account={account} identity={identity} onSaved={onSaved} />
    </ModalDialog>
  );
}

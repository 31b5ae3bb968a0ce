// Shows a certificate the sync refused and lets the user trust it by its fingerprint.
import { useState } from 'react';
import type { Account } from '../../shared/model/account';
import { accountLabel } from '../app/account-label';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { ModalDialog } from '../ui/modal-dialog';
import { CertificateDetails } from './certificate-details';

interface TrustCertificateDialogProps {
  account: Account;
  fingerprint256: string;
  subject: string;
  onClose(): void;
  onTrusted(): void;
}

export function TrustCertificateDialog(props: TrustCertificateDialogProps) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  const trust = async () => {
    const result = await api.accounts.update({
      id: props.account.id,
      changes: { certFingerprint256: props.fingerprint256 },
    });
    if (result.ok) props.onTrusted();
    else setProblem(describeError(result.error, { account: accountLabel(props.account) }).text);
  };
  return (
    <ModalDialog title="Certificate not trusted" onClose={props.onClose}>
      <p>
        The certificate of {props.account.host} does not verify (it may be self-signed). Trust it
        only if its fingerprint matches the one your provider publishes.
      </p>
      <CertificateDetails
        certificate={{ subject: props.subject, fingerprint256: props.fingerprint256 }}
      />
      {problem ? <p className="field-error">{problem}</p> : null}
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void trust()}>
          Trust this certificate
        </button>
      </div>
    </ModalDialog>
  );
}

// Shows a certificate the sync refused and lets the user trust it by its fingerprint; a certificate
// that replaced the trusted one is shown as a change (certificate-change.tsx).
import { useState } from 'react';
import type { Account } from '../../shared/model/account';
import { accountLabel } from '../app/account-label';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { ModalDialog } from '../ui/modal-dialog';
import { CertificateChange } from './certificate-change';
import { CertificateDetails } from './certificate-details';

interface TrustCertificateDialogProps {
  account: Account;
  fingerprint256: string;
  subject: string;
  /** The certificate trusted until now: this is a change, and says so. */
  previousFingerprint256?: string;
  onClose(): void;
  onTrusted(): void;
}

export function TrustCertificateDialog(props: TrustCertificateDialogProps) {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  const trust = async (fingerprint256: string) => {
    const result = await api.accounts.update({
      id: props.account.id,
      changes: { certFingerprint256: fingerprint256 },
    });
    if (result.ok) props.onTrusted();
    else setProblem(describeError(result.error, { account: accountLabel(props.account) }).text);
  };
  if (props.previousFingerprint256)
    return (
      <ModalDialog title="Certificate changed" onClose={props.onClose}>
        <CertificateChange
          host={props.account.host}
          previousFingerprint256={props.previousFingerprint256}
          certificate={{ subject: props.subject, fingerprint256: props.fingerprint256 }}
          onTrust={(fingerprint256) => void trust(fingerprint256)}
        />
        {problem ? <p className="field-error">{problem}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="primary" data-autofocus onClick={props.onClose}>
            Keep the old certificate
          </button>
        </div>
      </ModalDialog>
    );
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
        <button type="button" className="primary" onClick={() => void trust(props.fingerprint256)}>
          Trust this certificate
        </button>
      </div>
    </ModalDialog>
  );
}

// A server whose certificate is not the one the user trusted: says that it changed, shows the
// fingerprint trusted before beside the one offered now, and makes trusting the new one a
// deliberate second step (a confirmation to tick, then the button).
import { useId, useState } from 'react';
import { CertificateDetails } from './certificate-details';

interface CertificateChangeProps {
  host: string;
  previousFingerprint256: string;
  certificate: { subject: string; fingerprint256: string };
  onTrust(fingerprint256: string): void;
  /** The trust button's own label; the dialog puts it among its actions instead. */
  trustLabel?: string;
}

export function CertificateChange(props: CertificateChangeProps) {
  const [checked, setChecked] = useState(false);
  const checkId = useId();
  return (
    <div className="warning-box certificate-change">
      <p>
        <strong>The certificate of {props.host} has changed</strong> since you trusted it. Providers
        renew certificates, but a changed certificate can also mean that someone is intercepting the
        connection. Popline has not sent your password to it.
      </p>
      <h3 className="facts-title">Trusted before</h3>
      <dl className="facts certificate">
        <dt>SHA-256 fingerprint</dt>
        <dd className="fingerprint">{props.previousFingerprint256}</dd>
      </dl>
      <h3 className="facts-title">Offered now</h3>
      <CertificateDetails certificate={props.certificate} />
      <p className="checkbox-line">
        <input
          id={checkId}
          type="checkbox"
          checked={checked}
          onChange={(event) => setChecked(event.target.checked)}
        />
        <label htmlFor={checkId}>
          I compared the new fingerprint with the one my provider publishes, and they match
        </label>
      </p>
      <button
        type="button"
        disabled={!checked}
        onClick={() => props.onTrust(props.certificate.fingerprint256)}
      >
        {props.trustLabel ?? 'Trust the new certificate'}
      </button>
    </div>
  );
}

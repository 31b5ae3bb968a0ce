// "Set up sending", and editing it later: the identity of an account — name, address, SMTP server,
// port, security, user name and password (blank: the account's POP3 ones, or the one stored) —
// with "Test sending" before saving. A certificate that does not verify is shown with its
// fingerprint and can be trusted by it; one that differs from the certificate trusted before is
// named as changed, and trusting it takes a ticked confirmation.
import { useState } from 'react';
import type { Account } from '../../shared/model/account';
import type { Identity, SmtpProbeReport } from '../../shared/model/identity';
import { useApi } from '../app/api-context';
import { CheckboxField, SelectField, TextField } from '../ui/form-field';
import { CertificateChange } from '../accounts/certificate-change';
import { CertificateDetails } from '../accounts/certificate-details';

interface SendingSetupProps {
  account: Account | undefined;
  /** Editing: the identity as saved. */
  identity?: Identity;
  onSaved(identity: Identity): void;
}

type Security = 'tls' | 'starttls' | 'none';

export function SendingSetup({ account, identity, onSaved }: SendingSetupProps) {
  const api = useApi();
  const [name, setName] = useState(identity?.name ?? account?.name ?? '');
  const [address, setAddress] = useState(
    identity?.address ?? (account?.user.includes('@') ? account.user : ''),
  );
  const [host, setHost] = useState(
    identity?.smtpHost ?? (account ? account.host.replace(/^pop3?\./, 'smtp.') : ''),
  );
  const [security, setSecurity] = useState<Security>(identity?.security ?? 'starttls');
  const [port, setPort] = useState(String(identity?.smtpPort ?? 587));
  const [allowInsecure, setAllowInsecure] = useState(identity?.allowInsecurePassword ?? false);
  const [user, setUser] = useState(identity?.smtpUser ?? '');
  /** The certificate trusted by fingerprint: as saved, or trusted here just now. */
  const [trusted, setTrusted] = useState<string | null>(identity?.certFingerprint256 ?? null);
  const [password, setPassword] = useState('');
  const [report, setReport] = useState<SmtpProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const settings = () => ({
    accountId: identity ? identity.accountId : (account?.id ?? null),
    name,
    address,
    smtpHost: host,
    smtpPort: Number(port),
    security,
    allowInsecurePassword: allowInsecure,
    auth: identity?.auth ?? ('auto' as const),
    smtpUser: user.trim() ? user.trim() : null,
  });
  const withPassword = () => (password ? { password } : {});
  const withTrust = (fingerprint: string | null) =>
    fingerprint ? { certFingerprint256: fingerprint } : {};

  const test = async (fingerprint = trusted) => {
    setBusy(true);
    setError(null);
    const result = await api.identities.test({
      identity: settings(),
      ...withPassword(),
      ...withTrust(fingerprint),
    });
    setBusy(false);
    if (result.ok) setReport(result.value);
    else setError(result.error.message);
  };
  const trust = (fingerprint: string) => {
    setTrusted(fingerprint);
    void test(fingerprint);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    const result = await api.identities.save({
      identity: settings(),
      ...withPassword(),
      ...withTrust(trusted),
    });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error.message);
  };

  return (
    <section className="sending-setup" aria-label="Set up sending">
      {identity ? null : (
        <p>Set up sending for {account ? `${account.user}@${account.host}` : 'this address'}.</p>
      )}
      <TextField label="Your name" value={name} onChange={setName} />
      <TextField label="Your address" type="email" value={address} onChange={setAddress} />
      <TextField label="SMTP server" value={host} onChange={setHost} />
      <SelectField<Security>
        label="SMTP security"
        value={security}
        options={[
          { value: 'tls', label: 'TLS (port 465)' },
          { value: 'starttls', label: 'STARTTLS (port 587)' },
          { value: 'none', label: 'None (not encrypted)' },
        ]}
        onChange={(value) => {
          setSecurity(value);
          setPort(value === 'tls' ? '465' : value === 'starttls' ? '587' : port);
        }}
      />
      <TextField label="SMTP port" value={port} inputMode="numeric" onChange={setPort} />
      {security === 'none' ? (
        <CheckboxField
          label="Send my password without encryption"
          checked={allowInsecure}
          onChange={setAllowInsecure}
          hint="Anyone on the network path can read it. Choose TLS or STARTTLS if the server offers them."
        />
      ) : null}
      <TextField
        label="SMTP user name"
        value={user}
        onChange={setUser}
        hint="Blank: the account's user name."
      />
      <TextField
        label="SMTP password"
        type="password"
        value={password}
        onChange={setPassword}
        hint={
          identity?.hasOwnSecret
            ? 'Blank: keep the password stored for sending.'
            : "Blank: the account's password."
        }
      />
      {report ? (
        <div className="probe-report" role="status" aria-label="Sending test">
          <p>
            {report.ok
              ? 'Test sending succeeded'
              : `Test sending failed: ${report.error?.message ?? ''}`}
            {` · ${report.encrypted ? 'encrypted' : 'not encrypted'}`}
            {report.authenticated === true ? ' · logged in' : ''}
          </p>
          {report.certificate && report.certificate.fingerprint256 !== trusted ? (
            identity?.certFingerprint256 &&
            identity.certFingerprint256 !== report.certificate.fingerprint256 ? (
              <CertificateChange
                host={report.host}
                previousFingerprint256={identity.certFingerprint256}
                certificate={report.certificate}
                onTrust={trust}
              />
            ) : (
              <div className="warning-box">
                <p>
                  <strong>The certificate of {report.host} is not trusted.</strong> Compare its
                  fingerprint with the one your provider publishes before you trust it. Popline has
                  not sent your password to it.
                </p>
                <CertificateDetails certificate={report.certificate} />
                <button
                  type="button"
                  onClick={() => trust(report.certificate?.fingerprint256 ?? '')}
                >
                  Trust this certificate
                </button>
              </div>
            )
          ) : null}
          <pre className="probe-transcript">
            {report.transcript.map((l) => `${l.dir}: ${l.text}`).join('\n')}
          </pre>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" disabled={busy} onClick={() => void test(trusted)}>
          Test sending
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          Save sending settings
        </button>
      </div>
    </section>
  );
}

// "Set up sending": the identity of an account — name, address, SMTP server, port, security,
// user name and password (blank: the account's POP3 ones) — with "Test sending" before saving.
import { useState } from 'react';
import type { Account } from '../../shared/model/account';
import type { Identity, SmtpProbeReport } from '../../shared/model/identity';
import { useApi } from '../app/api-context';
import { CheckboxField, SelectField, TextField } from '../ui/form-field';

interface SendingSetupProps {
  account: Account | undefined;
  onSaved(identity: Identity): void;
}

type Security = 'tls' | 'starttls' | 'none';

export function SendingSetup({ account, onSaved }: SendingSetupProps) {
  const api = useApi();
  const [name, setName] = useState(account?.name ?? '');
  const [address, setAddress] = useState(account?.user.includes('@') ? account.user : '');
  const [host, setHost] = useState(account ? account.host.replace(/^pop3?\./, 'smtp.') : '');
  const [security, setSecurity] = useState<Security>('starttls');
  const [port, setPort] = useState('587');
  const [allowInsecure, setAllowInsecure] = useState(false);
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [report, setReport] = useState<SmtpProbeReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const settings = () => ({
    accountId: account?.id ?? null,
    name,
    address,
    smtpHost: host,
    smtpPort: Number(port),
    security,
    allowInsecurePassword: allowInsecure,
    auth: 'auto' as const,
    smtpUser: user.trim() ? user.trim() : null,
  });
  const withPassword = () => (password ? { password } : {});

  const test = async () => {
    setBusy(true);
    setError(null);
    const result = await api.identities.test({ identity: settings(), ...withPassword() });
    setBusy(false);
    if (result.ok) setReport(result.value);
    else setError(result.error.message);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    const result = await api.identities.save({ identity: settings(), ...withPassword() });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error.message);
  };

  return (
    <section className="sending-setup" aria-label="Set up sending">
      <p>Set up sending for {account ? `${account.user}@${account.host}` : 'this address'}.</p>
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
        hint="Blank: the account's password."
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
        <button type="button" disabled={busy} onClick={() => void test()}>
          Test sending
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          Save sending settings
        </button>
      </div>
    </section>
  );
}

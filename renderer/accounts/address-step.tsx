// The first step of "Add account": an e-mail address and a password. Main finds the server and
// tries the password on the best one; this step turns what it found into the form's values.
import { useRef, useState } from 'react';
import type {
  DiscoveredServer,
  DiscoveryAttempt,
  ServerDiscovery,
} from '../../shared/model/server-discovery';
import type { AppError } from '../../shared/result';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { TextField } from '../ui/form-field';
import { useRevealOnChange } from '../ui/reveal';
import { CertificateDetails } from './certificate-details';
import { discoveredForm, type Discovered } from './discovered-form';

interface AddressStepProps {
  /** The address led to a server: continue in the form with these values. */
  onFound(found: Discovered): void;
  /** "Configure manually": the form, with what was typed so far. */
  onManual(address: string, password: string): void;
  onCancel(): void;
}

type Lookup =
  | { status: 'idle' }
  | { status: 'looking'; domain: string }
  | { status: 'rejected'; discovery: ServerDiscovery; error: AppError }
  | { status: 'none'; discovery: ServerDiscovery }
  | { status: 'untrusted'; discovery: ServerDiscovery }
  | { status: 'error'; error: AppError };

const OUTCOME_WORDS: Record<DiscoveryAttempt['outcome'], string> = {
  reachable: 'answered',
  'certificate-untrusted': 'certificate not trusted',
  'not-found': 'no such name',
  failed: 'no answer',
};

export function AddressStep({ onFound, onManual, onCancel }: AddressStepProps) {
  const api = useApi();
  const [address, setAddress] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ address?: string; password?: string }>({});
  const [lookup, setLookup] = useState<Lookup>({ status: 'idle' });
  const resultRef = useRef<HTMLDivElement>(null);
  useRevealOnChange(resultRef, lookup);

  const look = async (trust?: { host: string; port: number; fingerprint256: string }) => {
    const trimmed = address.trim();
    const at = trimmed.lastIndexOf('@');
    const next: typeof errors = {};
    if (at < 1 || at === trimmed.length - 1) next.address = 'Enter your whole address, name@domain';
    if (password === '') next.password = 'Enter your password';
    setErrors(next);
    if (next.address || next.password) return;
    setLookup({ status: 'looking', domain: trimmed.slice(at + 1) });
    const result = await api.accounts.discover({
      address: trimmed,
      password,
      ...(trust ? { trust } : {}),
    });
    if (!result.ok) return setLookup({ status: 'error', error: result.error });
    const discovery = result.value;
    if (!discovery.server) return setLookup({ status: 'none', discovery });
    if (discovery.certificate) return setLookup({ status: 'untrusted', discovery });
    if (discovery.login && !discovery.login.ok && discovery.login.error.kind === 'credentials')
      return setLookup({ status: 'rejected', discovery, error: discovery.login.error });
    onFound(discoveredForm(discovery, password, trust));
  };

  const looking = lookup.status === 'looking';
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!looking) void look();
      }}
    >
      <p className="field-hint">
        Enter your e-mail address and password: Popline looks up your provider’s POP3 server and
        sends the password only to a server whose certificate is valid.
      </p>
      <TextField
        label="Email address"
        type="email"
        value={address}
        onChange={setAddress}
        error={errors.address}
        autoComplete="email"
        placeholder="you@example.org"
      />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        error={errors.password}
        autoComplete="current-password"
      />
      <div ref={resultRef} className="probe-result" aria-live="polite">
        {looking ? <p>Looking for the mail server of {lookup.domain}…</p> : null}
        {lookup.status === 'rejected' && lookup.discovery.server ? (
          <p className="field-error" role="alert">
            Found {lookup.discovery.server.host}, but it rejected the password.{' '}
            {describeError(lookup.error, { account: lookup.discovery.address }).text}
          </p>
        ) : null}
        {lookup.status === 'untrusted' &&
        lookup.discovery.server &&
        lookup.discovery.certificate ? (
          <UntrustedServer
            server={lookup.discovery.server}
            certificate={lookup.discovery.certificate}
            onTrust={(trust) => void look(trust)}
          />
        ) : null}
        {lookup.status === 'error' ? (
          <p className="field-error" role="alert">
            {describeError(lookup.error, { account: address }).text}
          </p>
        ) : null}
        {lookup.status === 'none' ? (
          <div className="warning-box" role="alert">
            <p>
              No POP3 server was found for {lookup.discovery.address.split('@').pop()}. Configure it
              manually with the details your provider gives.
            </p>
            <ul className="discovery-attempts">
              {lookup.discovery.attempts.map((a) => (
                <li key={`${a.security}-${a.host}-${a.port}`}>
                  {a.host}:{a.port} ({a.security === 'tls' ? 'TLS' : 'STARTTLS'}):{' '}
                  {OUTCOME_WORDS[a.outcome]}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      <div className="dialog-actions">
        <button
          type="button"
          className="push-left"
          onClick={() => onManual(address.trim(), password)}
        >
          Configure manually
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={looking}>
          Continue
        </button>
      </div>
    </form>
  );
}

function UntrustedServer({
  server,
  certificate,
  onTrust,
}: {
  server: DiscoveredServer;
  certificate: { subject: string; fingerprint256: string };
  onTrust(trust: { host: string; port: number; fingerprint256: string }): void;
}) {
  return (
    <div className="warning-box">
      <p>
        Found {server.host}, port {server.port}, but its certificate is not trusted (it may be
        self-signed), so your password has not been sent to it. Trust it only if this fingerprint
        matches the one your provider publishes.
      </p>
      <CertificateDetails certificate={certificate} />
      <button
        type="button"
        onClick={() =>
          onTrust({
            host: server.host,
            port: server.port,
            fingerprint256: certificate.fingerprint256,
          })
        }
      >
        Trust this certificate
      </button>
    </div>
  );
}

// What set-up by address found, as the account form's values plus the words that explain it.
// Pure: the address step and its tests share it.
import type { ServerDiscovery } from '../../shared/model/server-discovery';
import type { AppError } from '../../shared/result';
import { DEFAULT_PORTS, emptyAccountForm, type AccountFormValues } from './account-form';

export interface Discovered {
  values: AccountFormValues;
  /** One sentence on what was found, shown above the form. */
  notice: string;
  /** Shown as "Test connection" would show it: an untrusted certificate, a refused login. */
  problem: AppError | null;
}

const SECURITY_WORDS = { tls: 'TLS', starttls: 'STARTTLS' } as const;

/** Manual set-up, starting from what the user typed in the address step. */
export function manualForm(address: string, password: string): AccountFormValues {
  return { ...emptyAccountForm(), user: address, password };
}

/** `pinned`: the certificate fingerprint the user trusted for this server during the look-up. */
export function discoveredForm(
  discovery: ServerDiscovery,
  password: string,
  pinned?: { host: string; port: number; fingerprint256: string },
): Discovered {
  const server = discovery.server;
  if (!server) throw new Error('discoveredForm needs a server');
  const login = discovery.login;
  const values: AccountFormValues = {
    ...emptyAccountForm(),
    host: server.host,
    port: String(server.port),
    security: server.security,
    portEdited: server.port !== DEFAULT_PORTS[server.security],
    user: login?.ok ? login.user : discovery.address,
    password,
    certFingerprint256:
      pinned && pinned.host === server.host && pinned.port === server.port
        ? pinned.fingerprint256
        : null,
  };
  const where = `${server.host}, port ${server.port} with ${SECURITY_WORDS[server.security]}`;
  const how = server.source === 'srv' ? 'as your provider publishes it' : 'by its usual name';
  if (discovery.certificate)
    return {
      values,
      notice: `Found ${where} (${how}). Its certificate is not trusted, so your password has not been sent to it.`,
      problem: {
        kind: 'certificate-untrusted',
        message: 'the server certificate is not trusted',
        subject: discovery.certificate.subject,
        fingerprint256: discovery.certificate.fingerprint256,
      },
    };
  if (login?.ok)
    return {
      values,
      notice: `Found ${where} (${how}) and signed in as ${login.user}. Choose what happens to mail on the server, then Save.`,
      problem: null,
    };
  return {
    values,
    notice: `Found ${where} (${how}), but could not sign in.`,
    problem: login && !login.ok ? login.error : null,
  };
}

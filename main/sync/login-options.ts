// An account's settings as the POP3 engine's connect and login options: the one place the two
// vocabularies meet (the sync's session and "Test connection" both log in through it).
import type { AccountSettings } from '../../shared/model/account';
import type { AuthOptions, ConnectOptions } from '../pop3';

export type LoginSettings = Pick<
  AccountSettings,
  'host' | 'port' | 'security' | 'certFingerprint256' | 'user' | 'auth' | 'allowInsecurePassword'
>;

export function connectOptionsOf(account: LoginSettings): ConnectOptions {
  const options: ConnectOptions = {
    host: account.host,
    port: account.port,
    security: account.security,
  };
  if (account.certFingerprint256) options.certFingerprint256 = account.certFingerprint256;
  return options;
}

export function authOptionsOf(account: LoginSettings, secret: string): AuthOptions {
  return {
    user: account.user,
    secret,
    method: account.auth,
    allowInsecurePassword: account.allowInsecurePassword,
  };
}

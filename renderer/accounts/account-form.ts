// The account form's values (strings, as inputs hold them) and their conversion to the contract's
// account settings. Checks what a person can get wrong in the form; main validates again.
import {
  DEFAULT_CHECK_INTERVAL_SECONDS,
  type Account,
  type AccountSettingsInput,
  type AuthMethod,
  type Retention,
  type SecurityMode,
} from '../../shared/model/account';

export interface AccountFormValues {
  name: string;
  host: string;
  port: string;
  security: SecurityMode;
  user: string;
  /** '' in the edit form keeps the stored password. */
  password: string;
  auth: AuthMethod;
  retention: Retention['mode'];
  keepDays: string;
  /** Kilobytes; '' for no limit. */
  sizeLimitKb: string;
  checkMinutes: string;
  allowInsecurePassword: boolean;
  /** The certificate the user chose to trust (set by "Trust this certificate"). */
  certFingerprint256: string | null;
  /** The user typed a port: changing the security no longer changes it. */
  portEdited: boolean;
}

export type AccountFormField = Exclude<keyof AccountFormValues, 'portEdited'>;
export type AccountFormErrors = Partial<Record<AccountFormField, string>>;

export const DEFAULT_PORTS: Record<SecurityMode, number> = { tls: 995, starttls: 110, none: 110 };

export function emptyAccountForm(): AccountFormValues {
  return {
    name: '',
    host: '',
    port: String(DEFAULT_PORTS.tls),
    security: 'tls',
    user: '',
    password: '',
    auth: 'auto',
    retention: 'keep-days',
    keepDays: '14',
    sizeLimitKb: '',
    checkMinutes: String(DEFAULT_CHECK_INTERVAL_SECONDS / 60),
    allowInsecurePassword: false,
    certFingerprint256: null,
    portEdited: false,
  };
}

export function accountFormFrom(account: Account): AccountFormValues {
  return {
    name: account.name,
    host: account.host,
    port: String(account.port),
    security: account.security,
    user: account.user,
    password: '',
    auth: account.auth,
    retention: account.retention.mode,
    keepDays: account.retention.mode === 'keep-days' ? String(account.retention.days) : '14',
    sizeLimitKb:
      account.maxMessageSize === null ? '' : String(Math.ceil(account.maxMessageSize / 1024)),
    checkMinutes: String(Math.round(account.checkIntervalSeconds / 60)),
    allowInsecurePassword: account.allowInsecurePassword,
    certFingerprint256: account.certFingerprint256,
    portEdited: account.port !== DEFAULT_PORTS[account.security],
  };
}

/** One field changed: keeps the dependent ones consistent (default port, pinned certificate). */
export function editAccountForm<F extends AccountFormField>(
  values: AccountFormValues,
  field: F,
  value: AccountFormValues[F],
): AccountFormValues {
  const next = { ...values, [field]: value };
  if (field === 'security' && !values.portEdited)
    next.port = String(DEFAULT_PORTS[value as SecurityMode]);
  if (field === 'port') next.portEdited = true;
  // A pinned certificate belongs to one server: another server must earn its own trust.
  if ((field === 'host' || field === 'port') && value !== values[field])
    next.certFingerprint256 = null;
  return next;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : null;
}

export type ReadAccountForm =
  | { ok: true; account: AccountSettingsInput; password: string | null }
  | { ok: false; errors: AccountFormErrors };

export function readAccountForm(values: AccountFormValues, mode: 'add' | 'edit'): ReadAccountForm {
  const errors: AccountFormErrors = {};
  const host = values.host.trim();
  if (!host) errors.host = 'Enter the server name, for example pop.example.org.';
  else if (/\s|\//.test(host)) errors.host = 'A server name has no spaces or slashes.';
  const port = wholeNumber(values.port, 1, 65535);
  if (port === null) errors.port = 'The port is a number from 1 to 65535.';
  const user = values.user.trim();
  if (!user) errors.user = 'Enter the user name the server knows you by.';
  if (mode === 'add' && !values.password) errors.password = 'Enter the password.';
  let retention: Retention = { mode: 'delete' };
  if (values.retention === 'keep-days') {
    const days = wholeNumber(values.keepDays, 1, 3650);
    if (days === null) errors.keepDays = 'Keep mail for 1 to 3650 days.';
    else retention = { mode: 'keep-days', days };
  } else {
    retention = { mode: values.retention };
  }
  let maxMessageSize: number | null = null;
  if (values.sizeLimitKb.trim()) {
    const kb = wholeNumber(values.sizeLimitKb, 1, 4 * 1024 * 1024);
    if (kb === null) errors.sizeLimitKb = 'Leave it empty for no limit, or give a number of KB.';
    else maxMessageSize = kb * 1024;
  }
  const minutes = wholeNumber(values.checkMinutes, 1, 7 * 24 * 60);
  if (minutes === null) errors.checkMinutes = 'Check every 1 to 10080 minutes.';
  if (port === null || minutes === null || Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    account: {
      name: values.name.trim(),
      host,
      port,
      security: values.security,
      auth: values.auth,
      user,
      allowInsecurePassword: values.security === 'none' && values.allowInsecurePassword,
      retention,
      maxMessageSize,
      checkIntervalSeconds: minutes * 60,
      certFingerprint256: values.certFingerprint256,
    },
    password: values.password ? values.password : null,
  };
}

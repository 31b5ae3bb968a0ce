// The account form's fields, labelled as tests and users know them ("Server", "Port", "Security",
// "User name", "Password", "Authentication", "After retrieving"). Holds no state of its own.
import type { AuthMethod, Retention, SecurityMode } from '../../shared/model/account';
import { CheckboxField, SelectField, TextField } from '../ui/form-field';
import type { AccountFormErrors, AccountFormField, AccountFormValues } from './account-form';

const SECURITY_OPTIONS: ReadonlyArray<{ value: SecurityMode; label: string }> = [
  { value: 'tls', label: 'TLS (port 995)' },
  { value: 'starttls', label: 'STARTTLS (port 110)' },
  { value: 'none', label: 'None — unencrypted' },
];

const AUTH_OPTIONS: ReadonlyArray<{ value: AuthMethod; label: string }> = [
  { value: 'auto', label: 'Automatic (strongest offered)' },
  { value: 'scram-sha-256', label: 'SCRAM-SHA-256' },
  { value: 'cram-md5', label: 'CRAM-MD5' },
  { value: 'apop', label: 'APOP' },
  { value: 'plain', label: 'PLAIN' },
  { value: 'login', label: 'LOGIN' },
  { value: 'user', label: 'USER / PASS' },
  { value: 'xoauth2', label: 'XOAUTH2 (token)' },
  { value: 'oauthbearer', label: 'OAUTHBEARER (token)' },
];

const RETENTION_OPTIONS: ReadonlyArray<{ value: Retention['mode']; label: string }> = [
  { value: 'delete', label: 'Delete from the server' },
  { value: 'keep', label: 'Leave on the server' },
  { value: 'keep-days', label: 'Leave on the server for some days' },
  { value: 'delete-when-deleted-locally', label: 'Delete from the server when deleted here' },
];

interface AccountFieldsProps {
  values: AccountFormValues;
  errors: AccountFormErrors;
  mode: 'add' | 'edit';
  onEdit<F extends AccountFormField>(field: F, value: AccountFormValues[F]): void;
}

export function AccountFields({ values, errors, mode, onEdit }: AccountFieldsProps) {
  return (
    <div className="account-fields">
      <fieldset>
        <legend>Connection</legend>
        <TextField
          label="Server"
          value={values.host}
          onChange={(v) => onEdit('host', v)}
          error={errors.host}
          placeholder="pop.example.org"
          autoComplete="off"
        />
        <SelectField
          label="Security"
          value={values.security}
          options={SECURITY_OPTIONS}
          onChange={(v) => onEdit('security', v)}
          error={errors.security}
        />
        {values.security === 'none' ? (
          <div className="warning-box">
            <p>
              Without encryption, everything — your password included, unless the authentication
              method hides it — crosses the network readable by anyone on the way.
            </p>
            <CheckboxField
              label="Allow sending credentials unencrypted"
              checked={values.allowInsecurePassword}
              onChange={(v) => onEdit('allowInsecurePassword', v)}
            />
          </div>
        ) : null}
        <TextField
          label="Port"
          value={values.port}
          inputMode="numeric"
          onChange={(v) => onEdit('port', v)}
          error={errors.port}
        />
      </fieldset>
      <fieldset>
        <legend>Sign-in</legend>
        <TextField
          label="User name"
          value={values.user}
          onChange={(v) => onEdit('user', v)}
          error={errors.user}
          autoComplete="username"
        />
        <TextField
          label="Password"
          type="password"
          value={values.password}
          onChange={(v) => onEdit('password', v)}
          error={errors.password}
          autoComplete={mode === 'add' ? 'new-password' : 'current-password'}
          hint={mode === 'edit' ? 'Leave empty to keep the stored password.' : undefined}
        />
        <SelectField
          label="Authentication"
          value={values.auth}
          options={AUTH_OPTIONS}
          onChange={(v) => onEdit('auth', v)}
          error={errors.auth}
        />
      </fieldset>
      <fieldset>
        <legend>Mail handling</legend>
        <SelectField
          label="After retrieving"
          value={values.retention}
          options={RETENTION_OPTIONS}
          onChange={(v) => onEdit('retention', v)}
          error={errors.retention}
        />
        {values.retention === 'keep-days' ? (
          <TextField
            label="Days to keep"
            value={values.keepDays}
            inputMode="numeric"
            onChange={(v) => onEdit('keepDays', v)}
            error={errors.keepDays}
          />
        ) : null}
        <TextField
          label="Size limit (KB)"
          value={values.sizeLimitKb}
          inputMode="numeric"
          onChange={(v) => onEdit('sizeLimitKb', v)}
          error={errors.sizeLimitKb}
          hint="Larger messages are fetched as headers only. Empty: no limit."
        />
        <TextField
          label="Check every (minutes)"
          value={values.checkMinutes}
          inputMode="numeric"
          onChange={(v) => onEdit('checkMinutes', v)}
          error={errors.checkMinutes}
        />
        <TextField
          label="Account name"
          value={values.name}
          onChange={(v) => onEdit('name', v)}
          error={errors.name}
          hint="Shown in the sidebar; empty shows user@server."
        />
      </fieldset>
    </div>
  );
}

// Add or edit an account: the form, "Test connection" with its report (and trusting a self-signed
// certificate by fingerprint), Save, and Remove. Sends the password to main only; never shows it.
import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../shared/model/account';
import type { ProbeReport } from '../../shared/model/probe-report';
import type { AppError } from '../../shared/result';
import { accountLabel } from '../app/account-label';
import { useApi } from '../app/api-context';
import { describeError } from '../status/error-words';
import { ModalDialog } from '../ui/modal-dialog';
import { useRevealOnChange } from '../ui/reveal';
import { AccountFields } from './account-fields';
import {
  accountFormFrom,
  editAccountForm,
  emptyAccountForm,
  readAccountForm,
  type AccountFormErrors,
  type AccountFormField,
  type AccountFormValues,
} from './account-form';
import { AddressStep } from './address-step';
import { sameFingerprint } from '../ui/fingerprint';
import { CertificateChange } from './certificate-change';
import { CertificateDetails } from './certificate-details';
import { manualForm, type Discovered } from './discovered-form';
import { ProbeReportView } from './probe-report-view';

export type AccountDialogMode = { kind: 'add' } | { kind: 'edit'; account: Account };

interface AccountDialogProps {
  mode: AccountDialogMode;
  /** false on first run: the form shows without blocking the page. */
  modal: boolean;
  /** How often a new account is checked, from the settings. */
  checkIntervalMinutes: number;
  onClose(): void;
  onSaved(account: Account): void;
  onRemoved(id: number): void;
}

type Probe =
  | { status: 'idle' }
  | { status: 'testing' }
  | { status: 'ok'; report: ProbeReport }
  | { status: 'failed'; error: AppError };

export function AccountDialog({
  mode,
  modal,
  checkIntervalMinutes,
  onClose,
  onSaved,
  onRemoved,
}: AccountDialogProps) {
  const api = useApi();
  const editing = mode.kind === 'edit' ? mode.account : null;
  // A new account starts with the check interval of the settings.
  const newAccount = (values: AccountFormValues): AccountFormValues => ({
    ...values,
    checkMinutes: String(checkIntervalMinutes),
  });
  const [values, setValues] = useState<AccountFormValues>(() =>
    editing ? accountFormFrom(editing) : newAccount(emptyAccountForm()),
  );
  const [errors, setErrors] = useState<AccountFormErrors>({});
  const [probe, setProbe] = useState<Probe>({ status: 'idle' });
  const [saveError, setSaveError] = useState<AppError | null>(null);
  const [weakAllowed, setWeakAllowed] = useState(false);
  const [saving, setSaving] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  // Adding starts from the e-mail address; the form follows with what was found, or manually.
  const [step, setStep] = useState<'address' | 'form'>(editing ? 'form' : 'address');
  const [notice, setNotice] = useState<string | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const probeRef = useRef<HTMLDivElement>(null);
  useRevealOnChange(probeRef, probe);

  useEffect(() => {
    if (step === 'form' && !editing) formRef.current?.querySelector<HTMLElement>('input')?.focus();
  }, [step, editing]);

  const found = (result: Discovered) => {
    setValues(newAccount(result.values));
    setNotice(result.notice);
    setProbe(result.problem ? { status: 'failed', error: result.problem } : { status: 'idle' });
    setStep('form');
  };
  // The safe answer is the default: nothing is deleted unless the user picks it.
  const [removeMail, setRemoveMail] = useState<'keep' | 'delete'>('keep');

  const edit = <F extends AccountFormField>(field: F, value: AccountFormValues[F]) => {
    setValues((v) => editAccountForm(v, field, value));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const test = async (form: AccountFormValues) => {
    const read = readAccountForm(form, editing ? 'edit' : 'add');
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setProbe({ status: 'testing' });
    const result =
      read.password === null && editing
        ? await api.accounts.testConnection({ id: editing.id })
        : await api.accounts.testConnection({
            account: read.account,
            password: read.password ?? '',
          });
    setProbe(
      result.ok
        ? { status: 'ok', report: result.value }
        : { status: 'failed', error: result.error },
    );
  };

  const trust = (fingerprint256: string) => {
    const next = editAccountForm(values, 'certFingerprint256', fingerprint256);
    setValues(next);
    void test(next);
  };

  const save = async () => {
    const read = readAccountForm(values, editing ? 'edit' : 'add');
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setSaving(true);
    setSaveError(null);
    const result = editing
      ? await api.accounts.update({
          id: editing.id,
          changes: read.account,
          ...(read.password === null ? {} : { password: read.password }),
          allowWeakSecretStorage: weakAllowed,
        })
      : await api.accounts.add({
          account: read.account,
          password: read.password ?? '',
          allowWeakSecretStorage: weakAllowed,
        });
    setSaving(false);
    if (result.ok) return onSaved(result.value);
    if (result.error.kind === 'keyring-missing') setWeakAllowed(true);
    setSaveError(result.error);
  };

  const remove = async () => {
    if (!editing) return;
    const result = await api.accounts.remove({ id: editing.id, mail: removeMail });
    if (result.ok) onRemoved(editing.id);
    else setSaveError(result.error);
  };

  const label = editing ? accountLabel(editing) : '';
  return (
    <ModalDialog
      title={editing ? 'Edit account' : 'Add account'}
      description={editing ? label : 'Popline needs your POP3 server and sign-in details.'}
      modal={modal}
      onClose={onClose}
      className="account-dialog"
    >
      {step === 'address' ? (
        <AddressStep
          onFound={found}
          onManual={(address, password) => {
            setValues(newAccount(manualForm(address, password)));
            setStep('form');
          }}
          onCancel={onClose}
        />
      ) : null}
      <form
        ref={formRef}
        hidden={step !== 'form'}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        {notice ? <p className="discovery-notice">{notice}</p> : null}
        {step === 'form' ? (
          <AccountFields
            values={values}
            errors={errors}
            mode={editing ? 'edit' : 'add'}
            onEdit={edit}
          />
        ) : null}
        <div ref={probeRef} className="probe-result" aria-live="polite">
          {probe.status === 'testing' ? <p>Testing the connection…</p> : null}
          {probe.status === 'ok' ? <ProbeReportView report={probe.report} /> : null}
          {probe.status === 'failed' ? (
            <ProbeFailure
              error={probe.error}
              account={label}
              host={values.host}
              trusted={values.certFingerprint256}
              onTrust={trust}
            />
          ) : null}
        </div>
        {saveError ? (
          <p className="field-error" role="alert">
            {describeError(saveError, { account: label }).text}
            {saveError.kind === 'keyring-missing' ? ' Choose Save again to store it anyway.' : ''}
          </p>
        ) : null}
        {confirmRemove && editing ? (
          <div className="warning-box">
            <p>Remove {label} from Popline? Mail on the server is not touched.</p>
            <fieldset className="remove-mail-choice">
              <legend>Its mail here</legend>
              <label>
                <input
                  type="radio"
                  name="remove-mail"
                  checked={removeMail === 'keep'}
                  onChange={() => setRemoveMail('keep')}
                />
                Keep its mail in Local Folders
              </label>
              <p className="hint">Kept in a folder named {label}; nothing is deleted.</p>
              <label>
                <input
                  type="radio"
                  name="remove-mail"
                  checked={removeMail === 'delete'}
                  onChange={() => setRemoveMail('delete')}
                />
                Delete its mail
              </label>
            </fieldset>
            <button type="button" className="danger" onClick={() => void remove()}>
              Remove
            </button>
            <button type="button" onClick={() => setConfirmRemove(false)}>
              Keep it
            </button>
          </div>
        ) : null}
        <div className="dialog-actions">
          {editing ? (
            <button
              type="button"
              className="danger push-left"
              onClick={() => setConfirmRemove(true)}
            >
              Remove account
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => void test(values)}
            disabled={probe.status === 'testing'}
          >
            Test connection
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={saving}>
            Save
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

function ProbeFailure({
  error,
  account,
  host,
  trusted,
  onTrust,
}: {
  error: AppError;
  account: string;
  host: string;
  /** The fingerprint the account trusts now, if any. */
  trusted: string | null;
  onTrust(fingerprint256: string): void;
}) {
  if (
    error.kind === 'certificate-untrusted' &&
    trusted &&
    !sameFingerprint(trusted, error.fingerprint256)
  )
    return (
      <CertificateChange
        host={host}
        previousFingerprint256={trusted}
        certificate={{ subject: error.subject, fingerprint256: error.fingerprint256 }}
        onTrust={onTrust}
      />
    );
  if (error.kind === 'certificate-untrusted')
    return (
      <div className="warning-box">
        <p>
          The server’s certificate is not trusted (it may be self-signed). Trust it only if this
          fingerprint matches the one your provider publishes.
        </p>
        <CertificateDetails
          certificate={{ subject: error.subject, fingerprint256: error.fingerprint256 }}
        />
        <button type="button" onClick={() => onTrust(error.fingerprint256)}>
          Trust this certificate
        </button>
      </div>
    );
  return <p className="field-error">{describeError(error, { account }).text}</p>;
}

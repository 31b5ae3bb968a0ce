// The settings screen: theme, new-mail notifications, checking at start-up, the check interval
// new accounts start with, and the attachment size the compose window warns over. Each change is
// saved as it is made; "Done" only closes.
import { useEffect, useState } from 'react';
import type { Identity } from '../../shared/model/identity';
import type { Settings, SettingsChanges } from '../../shared/model/settings';
import { useApi } from './api-context';
import { CheckboxField, SelectField } from '../ui/form-field';
import { ModalDialog } from '../ui/modal-dialog';

interface SettingsDialogProps {
  settings: Settings;
  onChange(changes: SettingsChanges): void;
  /** Opens "Sending settings" for an identity (in place of this dialog). */
  onEditSending(identity: Identity): void;
  onClose(): void;
}

const THEMES: ReadonlyArray<{ value: Settings['theme']; label: string }> = [
  { value: 'system', label: 'As the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const INTERVALS = [5, 10, 15, 30, 60, 120, 240];
const ATTACHMENT_LIMITS = [1, 2, 5, 10, 15, 20, 25];

function intervalLabel(minutes: number): string {
  if (minutes < 60) return `Every ${minutes} minutes`;
  return minutes === 60 ? 'Every hour' : `Every ${minutes / 60} hours`;
}

export function SettingsDialog({
  settings,
  onChange,
  onEditSending,
  onClose,
}: SettingsDialogProps) {
  const api = useApi();
  const [identities, setIdentities] = useState<Identity[]>([]);
  useEffect(() => {
    void api.identities.list().then((result) => {
      if (result.ok) setIdentities(result.value);
    });
  }, [api]);
  // A value set elsewhere (the command line, an older version) is offered as it is.
  const intervals = INTERVALS.includes(settings.checkIntervalMinutes)
    ? INTERVALS
    : [...INTERVALS, settings.checkIntervalMinutes].sort((a, b) => a - b);
  return (
    <ModalDialog title="Settings" onClose={onClose} className="settings-dialog">
      <fieldset>
        <legend>Appearance</legend>
        <SelectField
          label="Theme"
          value={settings.theme}
          options={THEMES}
          onChange={(theme) => onChange({ theme })}
        />
      </fieldset>
      <fieldset>
        <legend>Checking for mail</legend>
        <CheckboxField
          label="Check every account when Popline starts"
          checked={settings.syncOnStartup}
          onChange={(syncOnStartup) => onChange({ syncOnStartup })}
        />
        <SelectField
          label="New accounts are checked"
          value={String(settings.checkIntervalMinutes)}
          options={intervals.map((m) => ({ value: String(m), label: intervalLabel(m) }))}
          onChange={(value) => onChange({ checkIntervalMinutes: Number(value) })}
          hint="Each account can change its own interval in its settings."
        />
      </fieldset>
      <fieldset>
        <legend>Writing mail</legend>
        <SelectField
          label="Warn when attachments are over"
          value={String(settings.attachmentWarnMegabytes)}
          options={(ATTACHMENT_LIMITS.includes(settings.attachmentWarnMegabytes)
            ? ATTACHMENT_LIMITS
            : [...ATTACHMENT_LIMITS, settings.attachmentWarnMegabytes].sort((a, b) => a - b)
          ).map((mb) => ({ value: String(mb), label: `${mb} MB` }))}
          onChange={(value) => onChange({ attachmentWarnMegabytes: Number(value) })}
          hint="Many servers refuse messages over 20 or 25 MB."
        />
        {identities.map((identity) => (
          <p key={identity.id} className="sending-identity">
            Sending as {identity.name ? `${identity.name} <${identity.address}>` : identity.address}{' '}
            through {identity.smtpHost}:{identity.smtpPort}{' '}
            <button
              type="button"
              aria-label={`Edit sending settings for ${identity.address}`}
              onClick={() => onEditSending(identity)}
            >
              Edit…
            </button>
          </p>
        ))}
      </fieldset>
      <fieldset>
        <legend>Notifications</legend>
        <CheckboxField
          label="Show a notification when new mail arrives"
          checked={settings.notifyNewMail}
          onChange={(notifyNewMail) => onChange({ notifyNewMail })}
        />
      </fieldset>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </ModalDialog>
  );
}

// App settings (the remote-content sender list among them), read once and written through.
import { useCallback, useEffect, useState } from 'react';
import { defaultSettings, type Settings, type SettingsChanges } from '../../shared/model/settings';
import { useApi } from './api-context';

export function useSettings(): {
  settings: Settings;
  update(changes: SettingsChanges): Promise<boolean>;
} {
  const api = useApi();
  const [settings, setSettings] = useState<Settings>(defaultSettings);

  useEffect(() => {
    let live = true;
    void api.settings.get().then((result) => {
      if (live && result.ok) setSettings(result.value);
    });
    return () => {
      live = false;
    };
  }, [api]);

  const update = useCallback(
    async (changes: SettingsChanges) => {
      // Shown at once (a checkbox must tick when clicked); main's answer then settles it, and a
      // refused change is read back as main has it.
      setSettings((current) => ({ ...current, ...changes }));
      const result = await api.settings.set(changes);
      if (result.ok) setSettings(result.value);
      else {
        const stored = await api.settings.get();
        if (stored.ok) setSettings(stored.value);
      }
      return result.ok;
    },
    [api],
  );

  return { settings, update };
}

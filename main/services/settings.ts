// Application settings over the store's key-value table: read with defaults, validated by the
// contract's schema. Never returns a value the schema would reject.
import {
  defaultSettings,
  settingsSchema,
  type Settings,
  type SettingsChanges,
} from '../../shared/model/settings';
import type { SettingsRepo } from '../store';

const KEY = 'app';

export function readSettings(repo: SettingsRepo): Settings {
  const stored = repo.get(KEY);
  const merged = { ...defaultSettings, ...(typeof stored === 'object' && stored ? stored : {}) };
  const parsed = settingsSchema.safeParse(merged);
  // A value written by another version that no longer fits falls back to the defaults.
  return parsed.success ? parsed.data : defaultSettings;
}

export function writeSettings(repo: SettingsRepo, changes: SettingsChanges): Settings {
  const next = settingsSchema.parse({ ...readSettings(repo), ...changes });
  repo.set(KEY, next);
  return next;
}

// Server certificates the user trusted for sending, by identity: its SHA-256 fingerprint, kept in
// the settings table (one JSON map) so that trusting one needs no schema change. Read on every
// use: the map is small, and the settings table is the one place it lives.
import { fingerprint256Schema } from '../../shared/model/account';
import type { SettingsRepo } from '../store';

const KEY = 'smtpTrustedCertificates';

export interface SmtpTrust {
  get(identityId: number): string | null;
  set(identityId: number, fingerprint256: string): void;
}

export function smtpTrust(settings: SettingsRepo): SmtpTrust {
  const read = (): Record<string, string> => {
    const stored = settings.get(KEY);
    if (!stored || typeof stored !== 'object') return {};
    // A value that is not a fingerprint is ignored: it never pins anything.
    return Object.fromEntries(
      Object.entries(stored).filter(([, v]) => fingerprint256Schema.safeParse(v).success),
    ) as Record<string, string>;
  };
  return {
    get: (identityId) => read()[String(identityId)] ?? null,
    set(identityId, fingerprint256) {
      settings.set(KEY, { ...read(), [String(identityId)]: fingerprint256 });
    },
  };
}

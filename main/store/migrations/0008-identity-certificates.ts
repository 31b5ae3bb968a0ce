// Schema version 8: the SMTP server certificate an identity trusts is a column of that identity,
// not an entry of a settings map keyed by its id: it goes when the identity goes, and an id that
// SQLite hands out again never inherits an old pin. Never edit once shipped.

import type { Migration } from './migration';

/** Where session 4's first version kept the pins: a JSON object from identity id to fingerprint. */
const OLD_SETTING = 'smtpTrustedCertificates';

// "AB:CD:…" (95 characters) or 64 hex digits, as the contract's fingerprint accepts.
const FINGERPRINT = (column: string) =>
  `length(${column}) IN (64, 95) AND NOT ${column} GLOB '*[^0-9A-Fa-f:]*'`;

export const identityCertificates: Migration = {
  version: 8,
  name: 'identity-certificates',
  up(db) {
    db.exec(`
      ALTER TABLE identities ADD COLUMN cert_fingerprint256 TEXT
        CHECK (cert_fingerprint256 IS NULL OR (${FINGERPRINT('cert_fingerprint256')}));
    `);
    // Only pins of identities that still exist, and only well-formed ones, come across.
    db.prepare(
      `UPDATE identities SET cert_fingerprint256 = (
         SELECT pin.value FROM settings, json_each(settings.value) AS pin
          WHERE settings.key = ? AND json_valid(settings.value)
            AND json_type(settings.value) = 'object'
            AND pin.key = CAST(identities.id AS TEXT) AND pin.type = 'text'
            AND ${FINGERPRINT('pin.value')})`,
    ).run(OLD_SETTING);
    db.prepare('DELETE FROM settings WHERE key = ?').run(OLD_SETTING);
  },
};

// Guards the one error table: every typed error class in main/ has rows, every row gives the
// contract kind it names, and a sync issue maps through the same rows as the error it came from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorKinds } from '../../shared/result';
import { InvalidAddressError } from '../autoconfig';
import { MimeError, type MimeErrorKind } from '../mime';
import { Pop3Error, type Pop3ErrorKind } from '../pop3';
import { SecretError, type SecretErrorKind } from '../secrets';
import { StoreError, type StoreErrorKind } from '../store';
import { errorFromIssue, toAppError } from './error-mapping';
import {
  ERROR_CLASSES,
  MIME_RULES,
  POP3_RULES,
  SECRET_RULES,
  STORE_RULES,
  SYNC_RULES,
} from './error-table';

const now = 1_000_000;

/** Error classes that never leave their module, each with why (it is caught where it is thrown). */
const LOCAL_CLASSES: Record<string, string> = {
  // The CLI's own: a malformed command line, answered with exit status 2 before anything runs.
  UsageError: 'main/cli',
  // fetchRemoteImages turns it into a per-image reason code (shared/model/remote-image).
  ImageRefused: 'main/remote-content',
  // The SMTP session turns it into an SmtpFailure (data with its own kind) before it returns.
  SmtpFailureError: 'main/smtp',
  // Carries its AppError whole: it is the table's output, not an input.
  AppFailure: 'main/errors',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe('the error table', () => {
  it('has rows for every error class main/ defines (a new class must be mapped or local)', () => {
    const defined = sourceFiles('main').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/class (\w+) extends (?:\w*Error)\b/g)].map(
        (m) => m[1] as string,
      ),
    );
    expect(defined.length).toBeGreaterThanOrEqual(8);
    const mapped = new Set([
      ...ERROR_CLASSES.map((row) => row.name),
      ...Object.keys(LOCAL_CLASSES),
    ]);
    expect(defined.filter((name) => !mapped.has(name))).toEqual([]);
  });

  it('names only contract kinds', () => {
    const tables = [POP3_RULES, STORE_RULES, SECRET_RULES, MIME_RULES, SYNC_RULES];
    for (const table of tables)
      for (const rule of Object.values(table)) expect(errorKinds).toContain(rule.kind);
  });

  const thrown: Array<[string, Error, string]> = [
    ...Object.entries(POP3_RULES).map(
      ([k, r]) =>
        [`Pop3Error ${k}`, new Pop3Error(k as Pop3ErrorKind, 'm'), r.kind] as [
          string,
          Error,
          string,
        ],
    ),
    ...Object.entries(STORE_RULES).map(
      ([k, r]) =>
        [`StoreError ${k}`, new StoreError(k as StoreErrorKind, 'm'), r.kind] as [
          string,
          Error,
          string,
        ],
    ),
    ...Object.entries(SECRET_RULES).map(
      ([k, r]) =>
        [`SecretError ${k}`, new SecretError(k as SecretErrorKind, 'm'), r.kind] as [
          string,
          Error,
          string,
        ],
    ),
    ...Object.entries(MIME_RULES).map(
      ([k, r]) =>
        [`MimeError ${k}`, new MimeError(k as MimeErrorKind, 'm'), r.kind] as [
          string,
          Error,
          string,
        ],
    ),
    ['InvalidAddressError', new InvalidAddressError('nobody'), 'invalid-argument'],
  ];

  it.each(thrown)('maps a thrown %s by its row', (_name, error, kind) => {
    expect(toAppError(error, { now }).kind).toBe(kind);
  });

  it('has one row per class for all of its kinds: an unknown kind is internal, never guessed', () => {
    const odd = new StoreError('storage', 'disk full');
    (odd as { kind: string }).kind = 'made-up';
    expect(toAppError(odd, { now })).toEqual({
      kind: 'internal',
      message: 'disk full',
      reason: 'StoreError',
    });
  });

  it.each([...Object.entries(SYNC_RULES), ...Object.entries(POP3_RULES)])(
    'maps the sync issue %s by the same row as its source',
    (kind, rule) => {
      expect(errorFromIssue({ kind: kind as never, message: 'm' }, { now }).kind).toBe(rule.kind);
    },
  );

  it('gives a POP3 failure carried by a sync issue the same error as the thrown one', () => {
    const certificate = { subject: 'CN=x', fingerprint256: 'AA' };
    const thrownError = toAppError(
      new Pop3Error('certificate-untrusted', 'untrusted', { certificate }),
      { now },
    );
    const carried = errorFromIssue(
      { kind: 'certificate-untrusted', message: 'untrusted', certificate },
      { now },
    );
    expect(carried).toEqual(thrownError);
  });

  it('waits for the account itself when a sync was too early, not a default delay', () => {
    const at = now + 42_000;
    expect(errorFromIssue({ kind: 'too-early', message: 'later' }, { now, retryAt: at })).toEqual({
      kind: 'retry-later',
      reason: 'login-delay',
      message: 'later',
      at,
    });
  });
});

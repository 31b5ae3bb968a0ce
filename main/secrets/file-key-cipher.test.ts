import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileKeyCipher, FILE_KEY_SCHEME, KEY_FILE_NAME } from './file-key-cipher';
import { SecretError } from './secret-error';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'popline-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('file-key cipher', () => {
  it('says honestly that it is not secure', () => {
    const cipher = createFileKeyCipher(dir);
    expect(cipher.scheme).toBe(FILE_KEY_SCHEME);
    expect(cipher.secure).toBe(false);
  });

  it('creates a 0600 key file on first use and round-trips secrets', () => {
    const cipher = createFileKeyCipher(dir);
    const blob = cipher.encrypt('pässwörd 🔑');
    const keyPath = join(dir, KEY_FILE_NAME);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyPath)).toHaveLength(32);
    expect(cipher.decrypt(blob)).toBe('pässwörd 🔑');
    // Another instance (another process) reads the same key.
    expect(createFileKeyCipher(dir).decrypt(blob)).toBe('pässwörd 🔑');
  });

  it('never writes the same ciphertext twice for the same secret', () => {
    const cipher = createFileKeyCipher(dir);
    expect(cipher.encrypt('same').equals(cipher.encrypt('same'))).toBe(false);
  });

  it('refuses damaged ciphertext and a different key with a typed error', () => {
    const cipher = createFileKeyCipher(dir);
    const blob = cipher.encrypt('secret');
    const damaged = Buffer.from(blob);
    damaged[damaged.length - 1] = (damaged[damaged.length - 1] ?? 0) ^ 1;
    expect(() => cipher.decrypt(damaged)).toThrow(SecretError);
    expect(() => cipher.decrypt(Buffer.from('short'))).toThrow(
      expect.objectContaining({ kind: 'unreadable' }),
    );
    const otherDir = mkdtempSync(join(tmpdir(), 'popline-secrets-other-'));
    try {
      expect(() => createFileKeyCipher(otherDir).decrypt(blob)).toThrow(
        expect.objectContaining({ kind: 'unreadable' }),
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('tightens a key file whose permissions were loosened, and rejects a truncated one', () => {
    const keyPath = join(dir, KEY_FILE_NAME);
    createFileKeyCipher(dir).encrypt('x');
    chmodSync(keyPath, 0o644);
    createFileKeyCipher(dir).encrypt('x');
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    writeFileSync(keyPath, Buffer.alloc(5));
    expect(() => createFileKeyCipher(dir).encrypt('x')).toThrow(
      expect.objectContaining({ kind: 'bad-key-file' }),
    );
  });
});

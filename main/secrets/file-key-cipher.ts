// AES-256-GCM with a random key kept in a 0600 file in the profile folder, for the headless
// browser bridge and the CLI where no OS keyring is available. Never writes the key anywhere else.
//
// secure is false, honestly: the key sits beside the database it protects, so anyone who can read
// the profile folder can decrypt. It only keeps passwords out of the database file itself (a copied
// or attached .db, a backup of just the database), which beats clear text but is no keyring.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { SecretCipher } from './secret-cipher';
import { SecretError } from './secret-error';

export const FILE_KEY_SCHEME = 'file-aes-256-gcm-v1';
export const KEY_FILE_NAME = 'secret.key';

const VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function readKey(path: string): Buffer {
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES) {
    throw new SecretError(
      'bad-key-file',
      `${path} holds ${key.length} bytes, expected ${KEY_BYTES}`,
    );
  }
  // Someone loosened it (a copy, a restore): only the owner may read the key.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return key;
}

/** Creates the key atomically: written under a private name, then linked into place (EEXIST-safe). */
function createKey(path: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  const staging = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(staging, key, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(staging, path);
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if (errnoCode(error) === 'EEXIST') return readKey(path);
    throw error;
  } finally {
    unlinkSync(staging);
  }
}

export function createFileKeyCipher(profileDir: string): SecretCipher {
  const keyPath = join(profileDir, KEY_FILE_NAME);
  let key: Buffer | undefined;
  const loadKey = (): Buffer => {
    if (key) return key;
    mkdirSync(profileDir, { recursive: true, mode: 0o700 });
    try {
      key = readKey(keyPath);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
      key = createKey(keyPath);
    }
    return key;
  };

  return {
    scheme: FILE_KEY_SCHEME,
    secure: false,
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(blob) {
      if (blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== VERSION) {
        throw new SecretError('unreadable', 'stored secret is not in the file-key format');
      }
      const iv = blob.subarray(1, 1 + IV_BYTES);
      const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), iv);
      decipher.setAuthTag(tag);
      try {
        const body = blob.subarray(1 + IV_BYTES + TAG_BYTES);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new SecretError(
          'unreadable',
          'stored secret does not decrypt with this profile key (key replaced or data damaged)',
          { cause: error },
        );
      }
    },
  };
}

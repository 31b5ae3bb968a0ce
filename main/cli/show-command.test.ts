import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../mime';
import { openStore } from '../store';
import { accountSettings, tempProfile, type TempProfile } from '../store/store-test-support';
import { runCliForTest } from './cli-test-support';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// 9 MiB of varied octets: the message is over 8 MiB, so show reads it a chunk at a time.
const attachment = Buffer.from(
  Array.from({ length: 9 * 1024 * 1024 }, (_, i) => (i * 2654435761) >>> 24),
);
const raw = Buffer.from(
  'From: Carol <carol@example.org>\r\nSubject: Big report\r\nMIME-Version: 1.0\r\n' +
    'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n' +
    'The big one.\r\n--b\r\nContent-Type: application/octet-stream\r\n' +
    'Content-Disposition: attachment; filename="big.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
    `${attachment.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`,
);

let profile: TempProfile;
let id: number;
beforeEach(async () => {
  profile = tempProfile();
  const store = openStore(profile.dbPath);
  const accountId = store.accounts.create(accountSettings()).id;
  // Staged in chunks, as the sync stores a body this large.
  const stager = store.stagedBodies.stage(accountId);
  stager.append(raw);
  id = store.commitMessage({
    accountId,
    uidl: 'u1',
    raw: stager.finish(),
    sessionId: null,
    parsed: await parseMessage(raw.subarray(0, 4096)),
    contentKey: null,
    partial: false,
    sha256: sha(raw),
  }).messageId;
  store.close();
});
afterEach(() => profile.remove());

/** `popline show` of the stored message with these flags after its id. */
const show = (...flags: string[]) =>
  runCliForTest(['show', '--db', profile.dbPath, String(id), ...flags]);

describe('show of a large message', () => {
  it('saves an attachment byte-exact with --attachment N --out FILE, leaving no temporary file', async () => {
    const file = join(profile.dir, 'big.bin');
    const run = await show('--attachment', '0', '--out', file);
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(sha(readFileSync(file))).toBe(sha(attachment));
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(run.out).toContain(`(${attachment.length} bytes)`);
  });

  it('prints the detail with the attachment size from --json and the exact bytes from --raw', async () => {
    const json = await show('--json');
    const shown = JSON.parse(json.out) as {
      detail: { text: string; attachments: Array<{ size: number; filename: string }> };
    };
    expect(shown.detail.text).toContain('The big one.');
    expect(shown.detail.attachments).toEqual([
      expect.objectContaining({ filename: 'big.bin', size: attachment.length }),
    ]);
    const rawRun = await show('--raw');
    expect(sha(rawRun.raw)).toBe(sha(raw));
  });

  it('refuses --attachment without --out, and names a missing attachment', async () => {
    const usage = await show('--attachment', '0');
    expect(usage.status).toBe(2);
    const file = join(profile.dir, 'none.bin');
    const missing = await show('--attachment', '4', '--out', file);
    expect(missing.status).not.toBe(0);
    expect(missing.err).toMatch(/attachment 4 does not exist/);
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  });
});

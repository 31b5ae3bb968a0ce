import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/model/folder';
import { openStore } from '../store';
import { storeWithAccount } from '../store/store-test-support';
import { syntheticMessage } from '../testing/dovecot';
import { largeAttachmentMessage } from '../testing/large-message';
import { exportFolderToFile } from './export-mail';
import { bytesSource, fileSource, importMail, type ImportSource } from './import-mail';
import { mboxEntry } from './mboxrd';

let env: ReturnType<typeof storeWithAccount>;
beforeEach(() => {
  env = storeWithAccount();
});
afterEach(() => env.cleanup());

const messages = Array.from({ length: 12 }, (_, i) =>
  Buffer.concat([syntheticMessage(i + 1, 600), Buffer.from('From the desk of\r\n>From x\r\n')]),
);
const mboxOf = (list: Buffer[]) =>
  Buffer.concat(list.flatMap((raw) => mboxEntry(raw, 'a@example.org', 0)));
const rawsIn = (folderId: number) =>
  env.store.moves.idsInFolder(folderId).map((id) => env.store.messages.raw(id)?.toString('latin1'));

describe('importing mbox and .eml files', () => {
  it('stores each message once, byte for byte, however often the same file is imported', async () => {
    const folder = env.store.folders.create('Restored').id;
    const file = join(env.profile.dir, 'box.mbox');
    writeFileSync(file, mboxOf(messages));
    const progress: number[] = [];
    const first = await importMail(env.store, folder, [fileSource(file)], {
      onProgress: (p) => progress.push(p.read),
    });
    expect(first).toEqual({ read: 12, stored: 12, duplicates: 0, problems: [] });
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const again = await importMail(env.store, folder, [fileSource(file)]);
    expect(again).toEqual({ read: 12, stored: 0, duplicates: 12, problems: [] });
    expect(rawsIn(folder)).toEqual(messages.map((m) => m.toString('latin1')));
  });

  it('resumes an interrupted import: only the missing messages are stored', async () => {
    const folder = env.store.folders.create('Restored').id;
    await importMail(env.store, folder, [bytesSource('box', mboxOf(messages.slice(0, 5)))]);
    const rest = await importMail(env.store, folder, [bytesSource('box', mboxOf(messages))]);
    expect(rest).toMatchObject({ stored: 7, duplicates: 5 });
    expect(rawsIn(folder)).toHaveLength(12);
  });

  it('exports a folder to mbox and imports it into a new folder, every message byte-equal', async () => {
    const from = env.store.folders.create('Old').id;
    for (const [i, raw] of messages.entries()) {
      writeFileSync(join(env.profile.dir, `${i}.eml`), raw);
    }
    const emls = messages.map((_, i) => fileSource(join(env.profile.dir, `${i}.eml`)));
    expect(await importMail(env.store, from, emls)).toMatchObject({ stored: 12 });
    const file = join(env.profile.dir, 'out.mbox');
    expect(await exportFolderToFile(env.store, from, file)).toEqual({ exported: 12 });
    expect(readFileSync(file).toString('latin1')).toContain('\r\n>From the desk of\r\n>>From x');
    const to = env.store.folders.create('New').id;
    expect(await importMail(env.store, to, [fileSource(file)])).toMatchObject({ stored: 12 });
    expect(rawsIn(to)).toEqual(rawsIn(from));
  });

  it('reports unreadable files and entries by name, and imports the rest', async () => {
    const folder = env.store.folders.create('Restored').id;
    const dir = join(env.profile.dir, 'a-folder');
    mkdirSync(dir);
    const empty = join(env.profile.dir, 'empty.eml');
    writeFileSync(empty, '');
    const big = Buffer.from(`Subject: big\n\n${'x'.repeat(5000)}\n`);
    const report = await importMail(
      env.store,
      folder,
      [
        fileSource(join(env.profile.dir, 'missing.eml')),
        fileSource(dir),
        fileSource(empty),
        bytesSource('mixed.mbox', mboxOf([messages[0] as Buffer, big, messages[1] as Buffer])),
      ],
      { maxMessageBytes: 2000 },
    );
    expect(report.stored).toBe(2);
    expect(report.problems).toEqual([
      { source: 'missing.eml', reason: 'no such file' },
      { source: 'a-folder', reason: 'is a folder, not a file' },
      { source: 'empty.eml', reason: 'empty message' },
      { source: 'mixed.mbox #2', reason: 'larger than 2000 bytes' },
    ]);
  });
});

describe('importing a message over 8 MiB', () => {
  // From_ lines inside it (quoted in the mbox) and a line end only at the very end.
  const { raw: text } = largeAttachmentMessage(9 * 1024 * 1024, 'Imported big one');
  const big = Buffer.from(`${text}From the desk of\r\n>From x\r\n`, 'latin1');
  const small = messages[0]!;

  it('stages it in chunks as it is read, from mbox and from .eml, byte for byte', async () => {
    const folder = env.store.folders.create('Restored').id;
    const handed: Array<number | 'staged'> = [];
    const importMessage = env.store.importMessage;
    const store = {
      ...env.store,
      importMessage: (input: Parameters<typeof importMessage>[0]) => {
        handed.push(input.raw instanceof Uint8Array ? input.raw.byteLength : 'staged');
        return importMessage(input);
      },
    };
    const report = await importMail(store, folder, [
      bytesSource('box.mbox', mboxOf([big, small])),
      bytesSource('big.eml', Buffer.concat([big, Buffer.from('X-Copy: 2\r\n')])),
    ]);
    expect(report).toEqual({ read: 3, stored: 3, duplicates: 0, problems: [] });
    // Never handed over (so never held) whole: only the small one came as bytes.
    expect(handed).toEqual(['staged', small.length, 'staged']);
    const ids = env.store.moves.idsInFolder(folder);
    expect(ids.map((id) => env.store.stagedBodies.isChunked(id))).toEqual([true, false, true]);
    const back = (id: number) => Buffer.concat([...(env.store.messages.rawPieces(id) ?? [])]);
    expect(back(ids[0]!).equals(big)).toBe(true);
    expect(back(ids[2]!).equals(Buffer.concat([big, Buffer.from('X-Copy: 2\r\n')]))).toBe(true);
    expect(env.store.messages.get(ids[0]!)).toMatchObject({
      subject: 'Imported big one',
      size: big.length,
    });
    // Again: duplicates, and no staged body is left behind.
    const again = await importMail(env.store, folder, [bytesSource('box.mbox', mboxOf([big]))]);
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
    expect(env.store.stagedBodies.removeLeftovers(0)).toBe(0);
  });

  it('stores both when another process imports a large message while this one is staging its own', async () => {
    const folder = env.store.folders.create('Restored').id;
    const theirs = Buffer.concat([big, Buffer.from('X-Copy: CLI\r\n')]);
    // `popline import` in another process: its own connection to the same file, its own folder.
    const cli = openStore(env.profile.dbPath);
    try {
      const cliFolder = cli.folders.create('From the CLI').id;
      let cliReport: ImportReport | undefined;
      const split = big.length - 1000;
      const source: ImportSource = {
        name: 'big.eml',
        async *chunks() {
          // Past 8 MiB: this import has started staging the body when the other one starts.
          yield big.subarray(0, split);
          cliReport ??= await importMail(cli, cliFolder, [bytesSource('cli.eml', theirs)]);
          yield big.subarray(split);
        },
      };
      const report = await importMail(env.store, folder, [source]);
      expect(report).toEqual({ read: 1, stored: 1, duplicates: 0, problems: [] });
      expect(cliReport).toEqual({ read: 1, stored: 1, duplicates: 0, problems: [] });
      const [mine] = env.store.moves.idsInFolder(folder);
      expect(Buffer.concat([...(env.store.messages.rawPieces(mine!) ?? [])]).equals(big)).toBe(
        true,
      );
      const [cliId] = env.store.moves.idsInFolder(cliFolder);
      const back = Buffer.concat([...(env.store.messages.rawPieces(cliId!) ?? [])]);
      expect(back.equals(theirs)).toBe(true);
      expect(env.store.stagedBodies.removeLeftovers(0)).toBe(0);
    } finally {
      cli.close();
    }
  });

  it('reports an entry over the limit and leaves nothing staged', async () => {
    const folder = env.store.folders.create('Restored').id;
    const report = await importMail(
      env.store,
      folder,
      [bytesSource('box.mbox', mboxOf([big, small]))],
      { maxMessageBytes: big.length - 1 },
    );
    expect(report).toMatchObject({
      stored: 1,
      problems: [{ source: 'box.mbox #1', reason: `larger than ${big.length - 1} bytes` }],
    });
    expect(env.store.stagedBodies.removeLeftovers(0)).toBe(0);
  });
});

// bench:large's child for the app's Save As: messages.saveAs of one stored message through the real
// handlers and services, written to a file by a platform that writes what the handler hands over
// as it comes (the Electron platform's way), so its peak RSS can be measured: the CLI has no Save
// As. Works against this tree or an older one (whose saveFile took the content as one buffer).
//   tsx bench/save-as-child.ts ROOT DB ID OUT   (OUT "-": services up, nothing saved: the base)
import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

type Sink = (bytes: Uint8Array) => void | Promise<void>;
interface AnySaveFile {
  content?: Uint8Array;
  writeTo?(sink: Sink): Promise<void>;
}

async function main() {
  const [root, db, id, out] = process.argv.slice(2) as [string, string, string, string];
  const from = (path: string) => import(join(root, path));
  const { openStore } = await from('main/store/index.ts');
  const { createServices } = await from('main/services/index.ts');
  const { createDispatcher, createHandlers } = await from('main/ipc/index.ts');
  const { testCipher, noSync, noProbe } = await from('main/testing/test-services.ts');
  const platform = {
    transport: 'electron',
    async saveFile(file: AnySaveFile) {
      if (file.content) await writeFile(out, file.content);
      else {
        const fd = await open(out, 'w');
        await file.writeTo?.(async (bytes) => {
          await fd.write(bytes);
        });
        await fd.close();
      }
      return { status: 'saved', path: out };
    },
  };
  const store = openStore(db);
  const services = createServices({
    store,
    cipher: testCipher(),
    secretProtection: 'os-keyring',
    platform,
    version: 'bench',
    runSync: noSync,
    probe: noProbe,
  });
  const dispatch = createDispatcher(createHandlers(services));
  if (out !== '-') {
    const result = await dispatch('messages.saveAs', { id: Number(id) }, { transport: 'electron' });
    if (!result.ok) throw new Error(JSON.stringify(result.error));
  }
  await services.close();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

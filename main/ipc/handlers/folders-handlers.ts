// folders.*: the sidebar's folders, Empty Trash, and a folder to or from a file.
// Files come and go as bytes: main never opens a path the renderer names.
import type { Services } from '../../services';
import { safeFileName } from '../../services';
import { bytesSource, importMail, writeFolderMbox } from '../../mailbox';
import { notFound } from '../../errors';
import type { HandlerGroup } from './handler-group';

export function foldersHandlers(services: Services): HandlerGroup<'folders'> {
  const { store } = services;

  const folder = (id: number) => {
    const found = store.folders.get(id);
    if (!found) throw notFound(`folder ${id}`);
    return found;
  };

  return {
    'folders.list': () => store.folders.list(),
    'folders.create': ({ name }) => store.folders.create(name),
    'folders.rename': ({ id, name }) => store.folders.rename(id, name),
    'folders.remove': ({ id }) => store.folders.remove(id),
    'folders.emptyTrash': () => ({ deleted: store.moves.emptyTrash() }),
    'folders.exportMbox': ({ id }) => {
      const { name } = folder(id);
      return services.platform.saveFile({
        suggestedName: safeFileName(`${name}.mbox`, 'folder.mbox'),
        mimeType: 'application/mbox',
        writeTo: async (sink) => {
          await writeFolderMbox(store, id, sink);
        },
      });
    },
    'folders.importFile': async ({ id, name, base64 }) => {
      folder(id);
      return importMail(store, id, [bytesSource(name, Buffer.from(base64, 'base64'))]);
    },
  };
}

// The Electron side of the services' Platform port: the native save dialog and the file write.
// Never writes anywhere the user did not choose in the dialog. The bytes arrive a piece at a time
// (a 100 MB message or attachment is never held whole) and the file appears only once whole.
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { writeFileWhole, type Platform } from '../services';

export function electronPlatform(window: () => BrowserWindow | null): Platform {
  return {
    transport: 'electron',
    async saveFile(file) {
      const options = {
        title: 'Save attachment',
        defaultPath: join(app.getPath('downloads'), file.suggestedName),
      };
      const parent = window();
      const choice = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { status: 'cancelled' };
      // The user's own file: their umask decides who may read it, as for any download.
      await writeFileWhole(choice.filePath, file.writeTo, 0o666);
      return { status: 'saved', path: choice.filePath };
    },
  };
}

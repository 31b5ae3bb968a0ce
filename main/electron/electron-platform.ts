// The Electron side of the services' Platform port: the native save dialog and the file write.
// Never writes anywhere the user did not choose in the dialog.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { Platform } from '../services';

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
      await writeFile(choice.filePath, file.content);
      return { status: 'saved', path: choice.filePath };
    },
  };
}

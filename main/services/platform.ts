// What differs between hosting the services in Electron and in the browser bridge, as a port the
// handlers call: saving a file, and how secrets are protected. Never imports electron itself.
import type { SaveAttachmentResult } from '../../shared/model/message';
import type { AppInfo } from '../../shared/model/app-info';

export interface SaveFileRequest {
  /** Already made safe for a file system (see safeFileName). */
  suggestedName: string;
  mimeType: string;
  content: Uint8Array;
}

export interface Platform {
  transport: AppInfo['transport'];
  /** Electron: a save dialog, then the write. The bridge: a one-time download URL. */
  saveFile(file: SaveFileRequest): Promise<SaveAttachmentResult>;
}

export { safeFileName } from '../../shared/files/safe-file-name';

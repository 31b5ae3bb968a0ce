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

const RESERVED_WINDOWS_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A file name that cannot leave the folder it is saved in, on any of the three systems. */
export function safeFileName(name: string | null | undefined, fallback = 'attachment'): string {
  let safe = (name ?? '')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, 200);
  if (!safe || RESERVED_WINDOWS_NAMES.test(safe)) safe = safe ? `_${safe}` : fallback;
  return safe;
}

// What differs between hosting the services in Electron and in the browser bridge, as a port the
// handlers call: saving a file, and how secrets are protected. Never imports electron itself.
import type { SaveAttachmentResult } from '../../shared/model/message';
import type { AppInfo } from '../../shared/model/app-info';

/** Takes a file's bytes a piece at a time, in order; a returned promise is awaited (back-pressure). */
export type ByteSink = (bytes: Uint8Array) => void | Promise<void>;

export interface SaveFileRequest {
  /** Already made safe for a file system (see safeFileName). */
  suggestedName: string;
  mimeType: string;
  /**
   * Writes the file's bytes to `sink` a piece at a time, so a large file is never held whole;
   * called at most once, only after the user chose where it goes.
   */
  writeTo(sink: ByteSink): Promise<void>;
}

export interface Platform {
  transport: AppInfo['transport'];
  /** Electron: a save dialog, then the write. The bridge: a one-time download URL. */
  saveFile(file: SaveFileRequest): Promise<SaveAttachmentResult>;
}

/** The writeTo of bytes already in memory (a small message or attachment). */
export const bytesWriter =
  (bytes: Uint8Array): SaveFileRequest['writeTo'] =>
  async (sink) => {
    await sink(bytes);
  };

/** The writeTo of pieces read one at a time (e.g. a stored message's chunks). */
export const piecesWriter =
  (pieces: () => Iterable<Uint8Array>): SaveFileRequest['writeTo'] =>
  async (sink) => {
    for (const piece of pieces()) await sink(piece);
  };

export { safeFileName } from '../../shared/files/safe-file-name';

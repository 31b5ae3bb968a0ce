// Folders to and from mbox files (mboxrd): export and import.
export { exportFolderToFile, writeFolderMbox } from './export-mail';
export { bytesSource, fileSource, importMail, MAX_IMPORT_MESSAGE_BYTES } from './import-mail';
export type { ImportOptions, ImportSource } from './import-mail';

// Facts about the running app the UI may show or act on (e.g. warn before storing a password).

export interface AppInfo {
  version: string;
  /** How the renderer reaches main. */
  transport: 'electron' | 'browser-bridge';
  /**
   * How account passwords are protected at rest: 'os-keyring' (safeStorage with a keyring),
   * 'weak' (no keyring: obfuscated only, accounts.add asks first), 'file-key' (bridge: a key file),
   * 'unavailable' (the system cannot encrypt at all: no password can be stored, accounts.add refuses).
   */
  secretStorage: 'os-keyring' | 'weak' | 'file-key' | 'unavailable';
  databasePath: string;
}

// Who the app is to the operating system. APP_ID must equal electron-builder.yml's appId (a test
// compares them): the Windows installer stamps it on the Start-menu shortcut, and notifications
// appear only when the running app names the same AppUserModelID.
import type { App } from 'electron';

export const APP_ID = 'org.popline.desktop';

/** Call before the first window or notification. */
export function applyAppIdentity(
  app: Pick<App, 'setAppUserModelId'>,
  platform: NodeJS.Platform = process.platform,
): void {
  if (platform === 'win32') app.setAppUserModelId(APP_ID);
}

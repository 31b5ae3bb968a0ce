// The app's own origin: the renderer is served from a privileged custom scheme, never file://,
// so that it has a real origin to check IPC senders against and a place to set headers (CSP).

export const APP_SCHEME = 'app';
export const APP_HOST = 'popline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for a URL of the app's own pages. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

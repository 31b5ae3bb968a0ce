// Browser permissions for every web contents in the app's session. The renderer asks main for
// everything, so the only one it needs is writing to the clipboard ("Copy" in the protocol log,
// navigator.clipboard.writeText), and only from the app's own top-level page: never from mail
// (shown in sandboxed subframes) or from anything else that might load.
import type { Session } from 'electron';
import { APP_ORIGIN, isAppUrl } from './app-origin';

const GRANTED_TO_APP = new Set(['clipboard-sanitized-write']);

export function isPermissionGranted(request: {
  permission: string;
  /** The URL (or, for a check without one, the origin) asking. */
  requester: string | undefined;
  isMainFrame: boolean;
}): boolean {
  if (!GRANTED_TO_APP.has(request.permission) || !request.isMainFrame) return false;
  const requester = request.requester ?? '';
  return requester === APP_ORIGIN || isAppUrl(requester);
}

/** Most web APIs check first and request second; both go through the same rule. */
export function installPermissionPolicy(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(
      isPermissionGranted({
        permission,
        requester: details.requestingUrl,
        isMainFrame: details.isMainFrame,
      }),
    ),
  );
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted({
      permission,
      requester: details.requestingUrl ?? requestingOrigin,
      isMainFrame: details.isMainFrame,
    }),
  );
}

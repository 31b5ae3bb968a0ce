// Registers one ipcMain handler per contract method, walking the declaration. Every call is
// checked to come from the app's own top-level page before it reaches the dispatcher.
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { methodChannel, methodNames } from '../../shared/contract/names';
import { failure } from '../../shared/result';
import type { Dispatch } from '../ipc';
import { isAppUrl } from './app-origin';

/** Only the app's own page, in the top frame (mail is shown in sandboxed subframes). */
export function isTrustedSender(frame: WebFrameMain | null | undefined): boolean {
  if (!frame) return false;
  return frame.parent === null && isAppUrl(frame.url);
}

export function registerContractHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
): () => void {
  for (const name of methodNames) {
    ipcMain.handle(methodChannel(name), (event: IpcMainInvokeEvent, arg: unknown) => {
      if (!isTrustedSender(event.senderFrame))
        return failure({
          kind: 'invalid-argument',
          message: 'calls are accepted only from the Popline window',
          reason: 'untrusted-sender',
          issues: [],
        });
      return dispatch(name, arg, { transport: 'electron' });
    });
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(methodChannel(name));
  };
}

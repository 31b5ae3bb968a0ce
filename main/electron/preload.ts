// The preload entry (bundled to one CommonJS file, as a sandboxed preload must be): puts exactly
// the contract on window.popline. Never exposes ipcRenderer or anything generic.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from '../preload';

contextBridge.exposeInMainWorld('popline', buildPreloadApi(ipcRenderer));

// The preload's API: exactly the contract's methods and events over ipcRenderer.
export { buildPreloadApi, type IpcRendererLike } from './expose-contract';

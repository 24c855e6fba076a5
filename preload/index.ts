import { contextBridge, ipcRenderer } from 'electron';
import { API_CHANNELS, type KioskApi } from './contract';

// The only door between the sandboxed page and the main process: five calls, each one channel of
// the contract. Nothing else of Node or Electron reaches the page.
const invoke =
  (method: keyof KioskApi) =>
  (request: unknown = {}) =>
    ipcRenderer.invoke(API_CHANNELS[method], request);

const api: KioskApi = {
  startSession: () => invoke('startSession')(),
  submitFrame: (frame) => invoke('submitFrame')(frame),
  cancelSession: (request) => invoke('cancelSession')(request),
  publicSettings: () => invoke('publicSettings')(),
  health: () => invoke('health')(),
} as KioskApi;

contextBridge.exposeInMainWorld('kiosk', Object.freeze(api));

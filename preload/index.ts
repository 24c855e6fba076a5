import { contextBridge } from 'electron';

// The only door between the sandboxed page and the main process. The typed, validated IPC
// contract lands here with the kiosk UI; until then the page learns only what it is.
contextBridge.exposeInMainWorld('kiosk', Object.freeze({ name: 'liveness-kiosk' }));

import { contextBridge, ipcRenderer } from 'electron';
import { createKioskBridge } from './bridge';

// The only door between the sandboxed page and the main process: the contract's calls, each on its
// channel, generated from the contract's table. Nothing else of Node or Electron reaches the page.
contextBridge.exposeInMainWorld(
  'kiosk',
  createKioskBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);

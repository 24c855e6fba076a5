import { encodeIpcRequest } from './ipc-codec';

/*
 * The browser stand-in for the `electron` module that the real preload bundle requires in the
 * preview: contextBridge defines the frozen global as Electron's does; ipcRenderer.invoke goes over
 * the preview's loopback transport instead of Chromium IPC. Nothing else of Electron exists here,
 * as in a sandboxed preload.
 */

export interface PageElectronConfig {
  /** POST `${ipcPath}/<channel>` answers invoke (main/preview/static-server.ts). */
  readonly ipcPath: string;
  /** Proves to the transport that the request comes from the page the preview opened. */
  readonly token: string;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function createPageElectron(config: PageElectronConfig) {
  return {
    contextBridge: {
      exposeInMainWorld(key: string, api: Record<string, unknown>): void {
        Object.defineProperty(globalThis, key, {
          value: deepFreeze({ ...api }),
          enumerable: true,
          writable: false,
          configurable: false,
        });
      },
    },
    ipcRenderer: {
      async invoke(channel: string, request: unknown): Promise<unknown> {
        const response = await fetch(`${config.ipcPath}/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'X-Kiosk-Token': config.token, 'Content-Type': 'application/octet-stream' },
          body: encodeIpcRequest(request),
        });
        // As Electron's invoke does when main cannot answer: the promise rejects.
        if (!response.ok)
          throw new Error(
            `Error invoking remote method '${channel}': ${response.status} ${await response.text()}`,
          );
        return response.json();
      },
    },
  };
}

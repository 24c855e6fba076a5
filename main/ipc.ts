import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CHANNELS, type Reply } from '../preload/contract';
import type { KioskService } from './kiosk-service';

/**
 * Binds the kiosk's services to Electron's IPC. Every channel answers only the app's own page
 * (a navigated-away or injected frame gets a typed refusal) and every payload is validated by the
 * service against the contract before anything runs.
 */
export function bindKioskIpc(
  ipcMain: IpcMain,
  service: KioskService,
  isAppPage: (url: string) => boolean,
): () => void {
  const channels = Object.values(CHANNELS);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Reply<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isAppPage(url)) {
        return {
          ok: false,
          error: {
            code: 'invalid_request',
            message: `Refused ${channel} from a page that is not the kiosk's (${url || 'unknown'}).`,
          },
        };
      }
      return service.dispatch(channel, payload);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

import { CHANNELS, type Reply } from '../../preload/contract';
import type { Dispatch } from '../kiosk/host';

/** The part of a frame the sender check reads (Electron's WebFrameMain has both). */
interface SenderFrame {
  readonly url: string;
  readonly parent: SenderFrame | null;
}

/** The part of an invoke event the sender check reads: the frame that sent it, null once gone. */
interface Sender {
  readonly senderFrame: SenderFrame | null;
}

/** The part of ipcMain the binding uses (Electron's, or the stand-in in tests). */
export interface InvokeRegistry {
  handle(channel: string, listener: (event: Sender, payload: unknown) => Promise<Reply<unknown>>): void;
  removeHandler(channel: string): void;
}

/** Why a sender is refused, or null: only the main frame of the kiosk's own page may call. */
export function senderProblem(event: Sender, isAppPage: (url: string) => boolean): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'a frame that is gone';
  if (frame.parent !== null) return `a sub-frame (${frame.url || 'unknown'})`;
  if (!isAppPage(frame.url)) return `a page that is not the kiosk's (${frame.url || 'unknown'})`;
  return null;
}

/**
 * Binds the kiosk's requests to Electron's IPC: exactly the contract's channels. Every channel
 * answers only the main frame of the app's own page (anything else gets a typed refusal) and every
 * payload is validated against the contract by the dispatcher before anything runs.
 */
export function bindKioskIpc(
  ipcMain: InvokeRegistry,
  dispatch: Dispatch,
  isAppPage: (url: string) => boolean,
): () => void {
  const channels = Object.values(CHANNELS);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload) => {
      const problem = senderProblem(event, isAppPage);
      if (problem)
        return {
          ok: false,
          error: { code: 'invalid_request', message: `Refused ${channel} from ${problem}.` },
        };
      return dispatch(channel, payload);
    });
  }
  return () => channels.forEach((c) => ipcMain.removeHandler(c));
}

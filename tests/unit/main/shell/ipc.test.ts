import { describe, expect, test } from 'vitest';
import { FakeIpcMain } from '../../../mocks/electron';
import { bindKioskIpc } from '../../../../main/shell/ipc';
import { KioskService } from '../../../../main/kiosk/kiosk-service';
import { CHANNELS } from '../../../../preload/contract';
import { ScriptedInference } from '../../../support/fake-inference';

const isAppPage = (url: string) => url === 'app://kiosk/index.html';
const KIOSK_PAGE = 'app://kiosk/index.html';

function bound() {
  const ipc = new FakeIpcMain();
  const service = new KioskService({ inference: new ScriptedInference() });
  const unbind = bindKioskIpc(ipc, (channel, payload) => service.dispatch(channel, payload), isAppPage);
  return { ipc, unbind };
}

describe('Electron IPC binding', () => {
  test('registers a handler for exactly the channels of the contract', () => {
    const { ipc } = bound();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  test("answers the main frame of the app's own page through the validated dispatcher", async () => {
    const { ipc } = bound();
    expect(await ipc.invoke(CHANNELS.publicSettings, {})).toMatchObject({ ok: true });
    expect(await ipc.invoke(CHANNELS.cancelSession, { sessionId: 42 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  test('refuses a page that is not the kiosk', async () => {
    const { ipc } = bound();
    expect(await ipc.invoke(CHANNELS.startSession, {}, 'https://evil.example/')).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining("not the kiosk's") },
    });
  });

  test('refuses a sub-frame even when it shows the kiosk page', async () => {
    const { ipc } = bound();
    const child = { url: KIOSK_PAGE, parent: { url: KIOSK_PAGE, parent: null } };
    expect(await ipc.invoke(CHANNELS.startSession, {}, child)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('sub-frame') },
    });
  });

  test('refuses a sender whose frame is already gone', async () => {
    const { ipc } = bound();
    expect(await ipc.invoke(CHANNELS.health, {}, null)).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('gone') },
    });
  });

  test('unbinding removes every handler', () => {
    const { ipc, unbind } = bound();
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});

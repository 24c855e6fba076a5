import { describe, expect, test, vi } from 'vitest';
import { FakeIpcMain } from '../../mocks/electron';
import { bindKioskIpc } from '../../../main/ipc';
import { KioskService } from '../../../main/kiosk-service';
import { CHANNELS } from '../../../preload/contract';
import { ScriptedInference } from '../../support/fake-inference';

vi.mock('electron', () => import('../../mocks/electron'));

const isAppPage = (url: string) => url.startsWith('app://kiosk/');

function bound() {
  const ipc = new FakeIpcMain();
  const service = new KioskService({ inference: new ScriptedInference() });
  const unbind = bindKioskIpc(ipc as never, service, isAppPage);
  return { ipc, unbind };
}

describe('Electron IPC binding', () => {
  test('registers a handler for every channel of the contract', () => {
    const { ipc } = bound();
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.values(CHANNELS).sort());
  });

  test("answers the app's own page through the validated service", async () => {
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
      error: { code: 'invalid_request', message: expect.stringContaining('not the kiosk') },
    });
  });

  test('unbinding removes every handler', () => {
    const { ipc, unbind } = bound();
    unbind();
    expect(ipc.handlers.size).toBe(0);
  });
});

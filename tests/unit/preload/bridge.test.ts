import { describe, expect, test } from 'vitest';
import { createKioskBridge } from '../../../preload/bridge';
import { API_CHANNELS, KIOSK_METHODS } from '../../../preload/contract';

function recorded() {
  const sent: { channel: string; request: unknown }[] = [];
  const api = createKioskBridge(async (channel, request) => {
    sent.push({ channel, request });
    return { ok: true, value: channel };
  });
  return { api, sent };
}

describe('the bridge generated from the contract', () => {
  test('has exactly one method per call of the contract', () => {
    const { api } = recorded();
    expect(Object.keys(api).sort()).toEqual([...KIOSK_METHODS].sort());
    expect(Object.keys(api).sort()).toEqual(Object.keys(API_CHANNELS).sort());
  });

  test('each method invokes its own channel with the request as given', async () => {
    const { api, sent } = recorded();
    await api.cancelSession({ sessionId: 's-1' });
    await api.staff({ action: 'status' });
    expect(sent).toEqual([
      { channel: API_CHANNELS.cancelSession, request: { sessionId: 's-1' } },
      { channel: API_CHANNELS.staff, request: { action: 'status' } },
    ]);
  });

  test('a call without a request sends an empty one', async () => {
    const { api, sent } = recorded();
    await api.startSession();
    expect(sent).toEqual([{ channel: API_CHANNELS.startSession, request: {} }]);
  });

  test('is frozen: the page cannot replace a call', () => {
    const { api } = recorded();
    expect(Object.isFrozen(api)).toBe(true);
    expect(() => Object.assign(api, { health: () => null })).toThrow(TypeError);
  });

  test('passes main’s reply through unchanged', async () => {
    const { api } = recorded();
    expect(await api.health()).toEqual({ ok: true, value: API_CHANNELS.health });
  });
});

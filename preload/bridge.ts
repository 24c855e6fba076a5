import { API_CHANNELS, KIOSK_METHODS, type Channel, type KioskApi, type KioskMethod } from './channels';

/*
 * The bridge is generated from the contract's table of calls, never written out by hand: each
 * method of `window.kiosk` is `invoke` on its channel. The same function serves Electron
 * (ipcRenderer.invoke) and the browser preview (its loopback transport), so the two cannot drift.
 */

/** Sends one request on a channel and resolves with main's reply (ipcRenderer.invoke's shape). */
export type Invoke = (channel: Channel, request: unknown) => Promise<unknown>;

type BridgeMethod = (...args: never[]) => Promise<unknown>;

/** Every call of the contract is there as a function (checked at run time, not asserted). */
function hasEveryCall(api: Partial<Record<KioskMethod, BridgeMethod>>): api is KioskApi {
  return KIOSK_METHODS.every((method) => typeof api[method] === 'function');
}

export function createKioskBridge(invoke: Invoke): KioskApi {
  const api: Partial<Record<KioskMethod, BridgeMethod>> = {};
  for (const method of KIOSK_METHODS) {
    const channel = API_CHANNELS[method];
    // Replies come back as main sent them; main validated the request, the renderer trusts main.
    api[method] = (request: unknown = {}) => invoke(channel, request);
  }
  if (!hasEveryCall(api)) throw new Error('The kiosk bridge is missing a call of the contract.');
  return Object.freeze(api);
}

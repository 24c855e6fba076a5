import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { API_CHANNELS } from '../../../preload/contract';
import { DIST, requireBuilt } from '../../support/built';

/*
 * The built preload (dist/preload/index.js), the very file Electron loads, run as a sandboxed
 * preload runs: a CommonJS function whose `require` offers only `electron`. The stand-in electron
 * records what it exposes and which channels it invokes.
 */

const BUNDLE = join(DIST, 'preload', 'index.js');

function loadPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { ok: true, value: null };
      },
    },
  };
  const required: string[] = [];
  const module = { exports: {} };
  const require = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require ${name}`);
  };
  runInNewContext(readFileSync(requireBuilt(BUNDLE), 'utf8'), { require, module, exports: module.exports });
  return { exposed, invoked, required };
}

describe('the built preload bundle', () => {
  test('exposes one global, window.kiosk, and requires nothing but electron', () => {
    const { exposed, required } = loadPreload();
    expect([...exposed.keys()]).toEqual(['kiosk']);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  test('exposes exactly the contract’s calls, frozen', () => {
    const api = loadPreload().exposed.get('kiosk') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(Object.keys(API_CHANNELS).sort());
    expect(Object.values(api).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.isFrozen(api)).toBe(true);
  });

  test('each call invokes its own channel', async () => {
    const { exposed, invoked } = loadPreload();
    const api = exposed.get('kiosk') as Record<string, (request?: unknown) => Promise<unknown>>;
    for (const [method, channel] of Object.entries(API_CHANNELS)) {
      await api[method]!({ probe: method });
      expect(invoked.at(-1)).toEqual({ channel, args: [{ probe: method }] });
    }
    expect(invoked).toHaveLength(Object.keys(API_CHANNELS).length);
  });

  test('carries no validator library: a few kilobytes, not the contract’s zod schemas', () => {
    const source = readFileSync(BUNDLE, 'utf8');
    expect(source).not.toMatch(/zod|ZodError/);
    expect(statSync(BUNDLE).size).toBeLessThan(16 * 1024);
  });
});

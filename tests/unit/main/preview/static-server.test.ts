import { mkdtemp, writeFile } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeIpcRequest } from '../../../../main/preview/ipc-codec';
import { IPC_PATH, KIOSK_CSP, serveRenderer } from '../../../../main/preview/static-server';

let server: Server;
let origin: string;
const TOKEN = 'a'.repeat(64);
const calls: { channel: string; request: unknown }[] = [];

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><p>kiosk</p>');
  ({ server, origin } = await serveRenderer(root, {
    token: TOKEN,
    maxRequestBytes: 1000,
    onInvoke: async (channel, req) => {
      calls.push({ channel, request: req });
      return { ok: true, channel };
    },
  }));
});
afterAll(() => server.close());

const invoke = (
  channel: string,
  body: Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = { 'X-Kiosk-Token': TOKEN },
) => fetch(`${origin}${IPC_PATH}/${encodeURIComponent(channel)}`, { method: 'POST', headers, body });

/** A POST that fetch cannot forge: an Origin header of another site. */
function postFromOrigin(from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${origin}${IPC_PATH}/kiosk%3Ahealth`);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { Origin: from, 'X-Kiosk-Token': TOKEN },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(Buffer.from(encodeIpcRequest({})));
  });
}

describe('the preview server', () => {
  test('serves the page with the kiosk CSP as a header', async () => {
    const r = await fetch(`${origin}/index.html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(KIOSK_CSP);
  });

  test('refuses a malformed URL escape with 400 and keeps serving', async () => {
    expect((await fetch(`${origin}/%E0%A4%A`)).status).toBe(400);
    expect((await fetch(`${origin}/index.html`)).status).toBe(200);
  });

  test('serves nothing outside its folder', async () => {
    expect((await fetch(`${origin}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
  });

  test('hands an invoke with its bytes to the dispatcher and answers with its JSON', async () => {
    const r = await invoke(
      'kiosk:session:frame',
      encodeIpcRequest({ width: 2, data: new Uint8Array([1, 2, 3]) }),
    );
    expect(await r.json()).toEqual({ ok: true, channel: 'kiosk:session:frame' });
    expect(calls.at(-1)).toEqual({
      channel: 'kiosk:session:frame',
      request: { width: 2, data: new Uint8Array([1, 2, 3]) },
    });
  });

  test('refuses an invoke without the page’s token, and dispatches nothing', async () => {
    const before = calls.length;
    expect((await invoke('kiosk:health', encodeIpcRequest({}), {})).status).toBe(403);
    expect(
      (await invoke('kiosk:health', encodeIpcRequest({}), { 'X-Kiosk-Token': 'b'.repeat(64) })).status,
    ).toBe(403);
    expect(calls.length).toBe(before);
  });

  test('refuses an invoke from another origin', async () => {
    const before = calls.length;
    expect(await postFromOrigin('http://evil.example')).toBe(403);
    expect(calls.length).toBe(before);
  });

  test('refuses a malformed body with 400, naming the problem', async () => {
    const r = await invoke('kiosk:health', new Uint8Array([255, 255, 255, 255, 1]));
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/header runs past its end/);
  });

  test('refuses a request larger than the limit with 413 and never dispatches it', async () => {
    const before = calls.length;
    const r = await invoke('kiosk:session:frame', encodeIpcRequest({ data: new Uint8Array(5000) })).catch(
      (error: unknown) => error,
    );
    // The server answers 413 and drops the connection; fetch sees one or the other, never a reply.
    expect(r instanceof Response ? String(r.status) : 'connection dropped').toMatch(
      /^(413|connection dropped)$/,
    );
    expect(calls.length).toBe(before);
  });
});

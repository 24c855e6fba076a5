import { mkdtemp, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FRAME_PATH, KIOSK_CSP, serveRenderer } from '../../../../main/preview/static-server';

let server: Server;
let origin: string;
const frames: { params: URLSearchParams; bytes: number }[] = [];

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'renderer-'));
  await writeFile(join(root, 'index.html'), '<!doctype html><p>kiosk</p>');
  ({ server, origin } = await serveRenderer(
    root,
    async (params, body) => {
      frames.push({ params, bytes: body.byteLength });
      return { ok: true };
    },
    1000,
  ));
});
afterAll(() => server.close());

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

  test('hands a frame body and its parameters to the handler', async () => {
    const r = await fetch(`${origin}${FRAME_PATH}?sessionId=s&width=2`, {
      method: 'POST',
      body: new Uint8Array(16),
    });
    expect(await r.json()).toEqual({ ok: true });
    expect(frames.at(-1)).toMatchObject({ bytes: 16 });
    expect(frames.at(-1)!.params.get('width')).toBe('2');
  });

  test('refuses a frame larger than the limit with 413', async () => {
    const r = await fetch(`${origin}${FRAME_PATH}?sessionId=s`, {
      method: 'POST',
      body: new Uint8Array(5000),
    }).catch(() => null);
    // The server answers 413 and drops the connection; either is a refusal, never a handled frame.
    if (r) expect(r.status).toBe(413);
    expect(frames.every((f) => f.bytes <= 1000)).toBe(true);
  });
});

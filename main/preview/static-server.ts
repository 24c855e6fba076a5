import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

import { KIOSK_CSP } from '../shell/app-protocol';

/** The kiosk's CSP, sent as a header here as the shell's app:// protocol does. */
export { KIOSK_CSP };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** Handles a binary frame POSTed by the page: query parameters plus the RGBA bytes as the body. */
export type FrameHandler = (params: URLSearchParams, body: Uint8Array) => Promise<unknown>;

export const FRAME_PATH = '/kiosk/frame';

/**
 * Serves the built renderer on 127.0.0.1 only, read-only, nothing outside its folder; and, for the
 * preview's frame transport, POST /kiosk/frame (binary body, bounded size) answered with JSON.
 */
export async function serveRenderer(
  root: string,
  onFrame?: FrameHandler,
  maxFrameBytes = 1920 * 1080 * 4,
): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (onFrame && req.method === 'POST' && req.url?.startsWith(`${FRAME_PATH}?`)) {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxFrameBytes) {
          res.writeHead(413).end();
          req.destroy();
        } else chunks.push(chunk);
      });
      req.on('end', () => {
        if (size > maxFrameBytes) return;
        const body = Buffer.concat(chunks);
        const params = new URL(req.url ?? '', 'http://x').searchParams;
        onFrame(params, new Uint8Array(body.buffer, body.byteOffset, body.byteLength)).then(
          (reply) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply)),
          () => res.writeHead(500).end(),
        );
      });
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const path = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!file.startsWith(root) || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': KIOSK_CSP,
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(body);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

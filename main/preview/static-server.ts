import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';

import { KIOSK_CSP } from '../shell/app-protocol';
import { IpcCodecError, decodeIpcRequest } from './ipc-codec';

/** The kiosk's CSP, sent as a header here as the shell's app:// protocol does. */
export { KIOSK_CSP };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

/** Answers one request from the page's ipcRenderer.invoke stand-in. */
export type IpcHandler = (channel: string, request: unknown) => Promise<unknown>;

/** POST `${IPC_PATH}/<channel>`: the preview's loopback transport for the preload's invoke. */
export const IPC_PATH = '/kiosk/ipc';

export interface ServeOptions {
  readonly onInvoke?: IpcHandler;
  /** The page's proof that it is the page the preview opened (a header on every invoke). */
  readonly token?: string;
  /** Largest request body: a frame plus its header. */
  readonly maxRequestBytes?: number;
}

const sameToken = (given: string | string[] | undefined, expected: string): boolean => {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Serves the built renderer on 127.0.0.1 only, read-only, nothing outside its folder; and the
 * preview's IPC transport: POST /kiosk/ipc/<channel>, a binary body (ipc-codec.ts) of bounded size,
 * only with the page's token and from the page's own origin, answered with the dispatcher's JSON.
 */
export async function serveRenderer(
  root: string,
  options: ServeOptions = {},
): Promise<{ server: Server; origin: string }> {
  const maxBytes = options.maxRequestBytes ?? 1920 * 1080 * 4 + 64 * 1024;
  let origin = '';
  const server = createServer((req, res) => {
    if (options.onInvoke && req.method === 'POST' && req.url?.startsWith(`${IPC_PATH}/`)) {
      invoke(req, res, options.onInvoke, options.token ?? '', origin, maxBytes);
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
  origin = `http://127.0.0.1:${address.port}`;
  return { server, origin };
}

function invoke(
  req: IncomingMessage,
  res: ServerResponse,
  onInvoke: IpcHandler,
  token: string,
  origin: string,
  maxBytes: number,
): void {
  const refuse = (status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
    req.resume();
  };
  // Only the page the preview opened: its token, and its origin when the browser names one.
  if (token && !sameToken(req.headers['x-kiosk-token'], token))
    return refuse(403, 'not the kiosk page of this preview');
  if (req.headers.origin !== undefined && req.headers.origin !== origin)
    return refuse(403, `requests from ${req.headers.origin} are refused`);
  let channel: string;
  try {
    channel = decodeURIComponent(new URL(req.url ?? '', 'http://x').pathname.slice(IPC_PATH.length + 1));
  } catch {
    return refuse(400, 'malformed channel name');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      if (!tooLarge) res.writeHead(413).end(`requests are limited to ${maxBytes} bytes`);
      tooLarge = true;
      req.destroy();
    } else chunks.push(chunk);
  });
  req.on('end', () => {
    if (tooLarge) return;
    const body = Buffer.concat(chunks);
    let request: unknown;
    try {
      request = decodeIpcRequest(new Uint8Array(body.buffer, body.byteOffset, body.byteLength));
    } catch (error) {
      return refuse(400, error instanceof IpcCodecError ? error.message : 'malformed request');
    }
    onInvoke(channel, request).then(
      (reply) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply)),
      () => res.writeHead(500).end(),
    );
  });
}

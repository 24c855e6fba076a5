import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/*
 * The renderer is served from app://kiosk/, not file://: a real origin the CSP, the permission
 * handlers and the IPC binding can name, and no path outside the renderer directory can be reached.
 * The Content-Security-Policy goes with every response as a header.
 */

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://kiosk';
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/** The Content-Security-Policy the kiosk's page runs under (the preview sends the same). */
export const KIOSK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

/** The scheme's privileges; registered before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
} as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Node's URL gives custom schemes an opaque origin ("null"), so compare scheme and host.
const isAppUrl = (u: URL): boolean => u.protocol === `${APP_SCHEME}:` && u.host === 'kiosk';

export const isAppPage = (url: string): boolean => {
  try {
    const u = new URL(url);
    return isAppUrl(u) && (u.pathname === '/' || u.pathname === '/index.html');
  } catch {
    return false;
  }
};

/** Answers an app:// request from the renderer directory. */
export async function appResponse(
  url: string,
  rendererDir: string,
  read: (path: string) => Promise<Uint8Array> = (p) => readFile(p),
): Promise<Response> {
  const headers = { 'Content-Security-Policy': KIOSK_CSP, 'X-Content-Type-Options': 'nosniff' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new Response('bad request', { status: 400, headers });
  }
  if (!isAppUrl(parsed)) return new Response('not found', { status: 404, headers });
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return new Response('bad request', { status: 400, headers });
  }
  const relative = normalize(path === '/' ? '/index.html' : path).replace(/^([/\\])+/, '');
  const file = join(rendererDir, relative);
  if (relative.startsWith('..') || !file.startsWith(rendererDir + sep)) {
    return new Response('not found', { status: 404, headers });
  }
  try {
    const body = await read(file);
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' },
    });
  } catch {
    return new Response('not found', { status: 404, headers });
  }
}

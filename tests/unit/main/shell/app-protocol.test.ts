import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { APP_PAGE, KIOSK_CSP, appResponse, isAppPage } from '../../../../main/shell/app-protocol';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-protocol-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  await writeFile(join(dir, 'assets', 'app.js'), 'void 0');
  await writeFile(join(dir, '..', 'secret.txt'), 'not for the page');
});

describe('the app:// protocol', () => {
  test('serves the page with the CSP header and a content type', async () => {
    const r = await appResponse(APP_PAGE, dir);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(await r.text()).toBe('<!doctype html>');
    expect((await appResponse('app://kiosk/assets/app.js', dir)).headers.get('content-type')).toContain(
      'javascript',
    );
  });

  test.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/assets/..%2f..%2fsecret.txt',
    'app://other/index.html',
    'app://kiosk/missing.js',
  ])('refuses %s with 404 and still sends the CSP', async (url) => {
    const r = await appResponse(url, dir);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-security-policy')).toBe(KIOSK_CSP);
  });

  test('a malformed escape is a 400, not a crash', async () => {
    expect((await appResponse('app://kiosk/%E0%A4%A', dir)).status).toBe(400);
  });

  test('only the kiosk page itself counts as the app page', () => {
    expect(isAppPage(APP_PAGE)).toBe(true);
    expect(isAppPage('app://kiosk/')).toBe(true);
    expect(isAppPage('app://kiosk/other.html')).toBe(false);
    expect(isAppPage('file:///index.html')).toBe(false);
    expect(isAppPage('https://kiosk/index.html')).toBe(false);
    expect(isAppPage('not a url')).toBe(false);
  });

  test('the CSP allows nothing from elsewhere', () => {
    expect(KIOSK_CSP).toContain("default-src 'self'");
    expect(KIOSK_CSP).toContain("object-src 'none'");
    expect(KIOSK_CSP).not.toMatch(/unsafe-eval|\*/);
  });
});

import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
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
    'app://kiosk/assets/%2e%2e%5c%2e%2e%5csecret.txt',
    'app://kiosk/..%2fsecret.txt',
  ])('never reads outside the renderer directory for %s, and answers 404 with the CSP', async (url) => {
    const reads: string[] = [];
    const r = await appResponse(url, dir, async (path) => {
      reads.push(path);
      const { readFile } = await import('node:fs/promises');
      return readFile(path);
    });
    expect(reads.filter((path) => !path.startsWith(dir + sep))).toEqual([]);
    expect(r.status).toBe(404);
    expect(await r.text()).not.toContain('not for the page');
    expect(r.headers.get('content-security-policy')).toBe(KIOSK_CSP);
  });

  test('no URL built from dots, slashes and their escapes reads outside the renderer directory', async () => {
    const segment = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E.',
      '%2f',
      '%5c',
      '\\',
      'assets',
      'secret.txt',
      '',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 8 }), async (parts) => {
        const reads: string[] = [];
        await appResponse(`app://kiosk/${parts.join('/')}`, dir, async (path) => {
          reads.push(path);
          return new Uint8Array();
        });
        expect(reads.filter((path) => !path.startsWith(dir + sep))).toEqual([]);
      }),
    );
  });

  test.each(['app://other/index.html', 'app://kiosk/missing.js'])(
    'answers %s with 404 and still sends the CSP',
    async (url) => {
      const r = await appResponse(url, dir);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-security-policy')).toBe(KIOSK_CSP);
    },
  );

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

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { DebUpdater } from 'electron-updater';
import { UpdateService, type Updater } from '../../../main/ops/updates';
import { electronUpdater } from '../../../main/shell/auto-updater';
import * as electron from '../../mocks/electron';

/*
 * The real electron-updater (its feed parsing, download, sha512 check and cache) against a local
 * update server on 127.0.0.1 serving real latest-linux.yml files, with Electron's module swapped for
 * the stand-in (its `net` speaks HTTP through Node). The one step not run is the install itself
 * (dpkg through pkexec, then a relaunch): it is counted instead.
 */

const payload = randomBytes(256 * 1024);
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64');
const file = 'liveness-kiosk_0.3.0_amd64.deb';
const latest = (version: string, sum: string) =>
  [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sum}`,
    `    size: ${payload.length}`,
    `path: ${file}`,
    `sha512: ${sum}`,
    "releaseDate: '2026-11-28T10:00:00.000Z'",
    '',
  ].join('\n');

// Each feed is a directory on the server: /ok, /half (the download breaks half-way), /badsum (the
// yml's checksum is not the file's), /same (the running version).
const feeds: Record<string, { yml: string; half?: boolean }> = {
  ok: { yml: latest('0.3.0', sha512(payload)) },
  half: { yml: latest('0.3.0', sha512(payload)), half: true },
  badsum: { yml: latest('0.3.0', sha512(randomBytes(16))) },
  same: { yml: latest('0.2.0', sha512(payload)) },
};
const requests: string[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const [, feed, name] = (req.url ?? '').split('/');
    const f = feeds[feed ?? ''];
    if (!f) return res.writeHead(404).end();
    if (name?.startsWith('latest-linux.yml')) return res.writeHead(200).end(f.yml);
    if (name === file) {
      res.writeHead(200, { 'Content-Length': payload.length, 'Content-Type': 'application/octet-stream' });
      if (!f.half) return res.end(payload);
      res.write(payload.subarray(0, payload.length / 2));
      // The connection drops half-way, as a flaky network does.
      setTimeout(() => res.socket?.destroy(), 50);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let undo: () => void = () => undefined;
let cache = '';
beforeEach(() => {
  electron.resetElectron();
  electron.app.isPackaged = true;
  electron.app.fireReady();
  undo();
  undo = electron.standInForRequire();
  // electron-updater keeps downloads under the platform's cache directory: a fresh one per test.
  cache = mkdtempSync(join(tmpdir(), 'kiosk-update-cache-'));
  process.env.XDG_CACHE_HOME = cache;
  // A packaged app's resources, with the app-update.yml electron-builder writes (publish: generic).
  const resources = mkdtempSync(join(tmpdir(), 'kiosk-resources-'));
  writeFileSync(
    join(resources, 'app-update.yml'),
    'provider: generic\nurl: https://updates.invalid/liveness-kiosk\nupdaterCacheDirName: liveness-kiosk-updater\n',
  );
  Object.assign(process, { resourcesPath: resources });
  requests.length = 0;
});
afterAll(() => undo());

/** The real updater for `feed`, configured as the kiosk configures it; installs are counted, not run. */
function kioskUpdater(feed: string) {
  const real = electronUpdater(`${base}/${feed}`, () => undefined, new DebUpdater());
  let installs = 0;
  const updater: Updater = {
    checkForUpdates: () => real.checkForUpdates(),
    downloadUpdate: () => real.downloadUpdate(),
    on: (event, listener) => real.on(event, listener),
    quitAndInstall: () => void (installs += 1),
  };
  return { updater, installs: () => installs };
}

const downloaded = (): string[] => {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.deb')) found.push(join(dir, e.name));
    }
  };
  if (existsSync(cache)) walk(cache);
  return found;
};

const until = async (condition: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe('updates against a local update server', () => {
  test('a newer version is downloaded and verified in the background, and installed only once the kiosk is idle', async () => {
    const { updater, installs } = kioskUpdater('ok');
    let idle = false;
    const service = new UpdateService({ updater, isIdle: () => idle, checkEveryMs: 1e9, idlePollMs: 10 });
    const state = await service.check();
    expect(state).toEqual({ status: 'waiting_for_idle', version: '0.3.0' });
    expect(downloaded().map((p) => sha512(readFileSync(p)))).toEqual([sha512(payload)]);
    // A visit is on: nothing is installed however long it takes.
    await new Promise((r) => setTimeout(r, 100));
    expect(installs()).toBe(0);
    idle = true;
    await until(() => installs() === 1);
    expect(installs()).toBe(1);
    expect(service.state).toEqual({ status: 'installing', version: '0.3.0' });
    service.stop();
  });

  test('a download that fails half-way installs nothing, and the kiosk carries on', async () => {
    const { updater, installs } = kioskUpdater('half');
    const service = new UpdateService({ updater, isIdle: () => true, checkEveryMs: 1e9 });
    const state = await service.check();
    expect(state).toMatchObject({ status: 'failed', message: expect.stringMatching(/aborted/) });
    expect(installs()).toBe(0);
    expect(downloaded()).toEqual([]);
    service.stop();
  });

  test('a file whose checksum does not match the feed installs nothing', async () => {
    const { updater, installs } = kioskUpdater('badsum');
    const service = new UpdateService({ updater, isIdle: () => true, checkEveryMs: 1e9 });
    const state = await service.check();
    expect(state).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/sha512 checksum mismatch/),
    });
    expect(installs()).toBe(0);
    expect(downloaded()).toEqual([]);
    service.stop();
  });

  test('the running version is up to date: the feed is read, nothing downloaded', async () => {
    const { updater, installs } = kioskUpdater('same');
    const service = new UpdateService({ updater, isIdle: () => true, checkEveryMs: 1e9 });
    expect((await service.check()).status).toBe('up_to_date');
    expect(requests.every((r) => r.includes('latest-linux.yml'))).toBe(true);
    expect(installs()).toBe(0);
    service.stop();
  });
});

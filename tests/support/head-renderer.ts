import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RgbaFrame } from '../../main/inference/rgba-frame';
import { CHROMIUM_FLAGS, SOFTWARE_WEBGL_FLAGS, defaultChromiumPath } from '../../main/preview/chromium';
import { GENERATED } from './demo-faces';
import type { HeadPose } from './head-renderer/page';

export type { HeadPose };

/*
 * Renders the shared 3D head fixtures (../shared/fixtures/heads, or LIVENESS_HEADS_DIR) with three
 * in headless Chromium on software WebGL, for realistic camera clips of a live, turning head.
 * The fixtures are read where they are, never copied into the repository.
 */

export const HEADS_DIR =
  process.env.LIVENESS_HEADS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'heads');
export const headsAvailable = (): boolean => existsSync(join(HEADS_DIR, 'LeePerrySmith.glb'));
const CHROMIUM = defaultChromiumPath();

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.glb': 'model/gltf-binary',
  '.jpg': 'image/jpeg',
};

export class HeadRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly server: Server,
  ) {}

  static async start(): Promise<HeadRenderer> {
    if (!headsAvailable()) throw new Error(`3D head fixtures not found in ${HEADS_DIR}`);
    const out = join(GENERATED, 'head-renderer');
    await mkdir(out, { recursive: true });
    await build({
      entryPoints: [join(__dirname, 'head-renderer', 'page.ts')],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      outfile: join(out, 'page.js'),
      logLevel: 'warning',
    });
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x').pathname;
      const file =
        url === '/'
          ? null
          : url === '/page.js'
            ? join(out, 'page.js')
            : url.startsWith('/heads/')
              ? join(HEADS_DIR, url.slice(7).replace(/[/\\]/g, ''))
              : null;
      if (url === '/') {
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<!doctype html><body style="margin:0"><script src="/page.js"></script></body>');
        return;
      }
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      readFile(file).then(
        (body) =>
          res
            .writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
            .end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_FLAGS, ...SOFTWARE_WEBGL_FLAGS],
    });
    const page = await browser.newPage({ viewport: { width: 640, height: 480 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'head' in window);
    await page.evaluate(
      (base) => (window as unknown as { head: { load(b: string): Promise<void> } }).head.load(base),
      `/heads`,
    );
    return new HeadRenderer(browser, page, server);
  }

  async render(pose: HeadPose): Promise<RgbaFrame> {
    const data = await this.page.evaluate(
      (p) => (window as unknown as { head: { render(p: HeadPose): Uint8Array } }).head.render(p),
      pose,
    );
    return { width: 640, height: 480, data: new Uint8Array(data) };
  }

  async nose(pose: HeadPose): Promise<{ x: number; y: number }> {
    return this.page.evaluate(
      (p) => (window as unknown as { head: { nose(p: HeadPose): { x: number; y: number } } }).head.nose(p),
      pose,
    );
  }

  async close(): Promise<void> {
    await this.browser.close();
    this.server.close();
  }
}

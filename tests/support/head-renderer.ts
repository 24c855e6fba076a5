import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright';
import type { RgbaFrame } from '../../main/inference/rgba-frame';
import { CHROMIUM_FLAGS, SOFTWARE_WEBGL_FLAGS, defaultChromiumPath } from '../../main/preview/chromium';
import { GENERATED } from './demo-faces';
import type { Backdrop, HeadModel, HeadPose, SceneItem } from './head-renderer/page';

export type { Backdrop, HeadModel, HeadPose, SceneItem };

/** Part of every rendered clip's cache key: bump it when the renderer draws differently. */
export const RENDERER_VERSION = 2;
/** Part of a lit clip's cache key too: bump it when the kiosk's light is drawn differently. */
export const LIGHT_RENDER_VERSION = 3;

const THREE_LIBS = join(dirname(require.resolve('three')), '..', 'examples', 'jsm', 'libs');

/*
 * Renders the shared 3D head fixtures (../shared/fixtures/heads, or LIVENESS_HEADS_DIR) with three
 * in headless Chromium on software WebGL, for realistic camera clips of a live, turning head.
 * The fixtures are read where they are, never copied into the repository.
 */

export const HEADS_DIR =
  process.env.LIVENESS_HEADS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'heads');
export const headsAvailable = (): boolean =>
  existsSync(join(HEADS_DIR, 'LeePerrySmith.glb')) && existsSync(join(HEADS_DIR, 'facecap.glb'));
const CHROMIUM = defaultChromiumPath();

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.glb': 'model/gltf-binary',
  '.jpg': 'image/jpeg',
  '.wasm': 'application/wasm',
};

type HeadApi = {
  load(base: string, libs: string): Promise<void>;
  render(
    items: readonly SceneItem[],
    url: string,
    backdrop: Backdrop,
    light: readonly [number, number, number] | null,
  ): Promise<void>;
  nose(item: SceneItem): { x: number; y: number };
};

export class HeadRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
    private readonly server: Server,
    private readonly frames: { last: Buffer | null },
  ) {}

  static async start(): Promise<HeadRenderer> {
    if (!headsAvailable()) throw new Error(`3D head fixtures not found in ${HEADS_DIR}`);
    const out = join(GENERATED, 'head-renderer');
    await mkdir(out, { recursive: true });
    await build({
      entryPoints: [join(__dirname, 'head-renderer', 'page.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      outfile: join(out, 'page.js'),
      logLevel: 'warning',
    });
    const frames: { last: Buffer | null } = { last: null };
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && url === '/frame') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          frames.last = Buffer.concat(chunks);
          res.writeHead(204).end();
        });
        return;
      }
      if (url === '/') {
        res
          .writeHead(200, { 'Content-Type': 'text/html' })
          .end('<!doctype html><body style="margin:0"><script type="module" src="/page.js"></script></body>');
        return;
      }
      const name = (prefix: string): string => url.slice(prefix.length).replace(/\.\.|[\\]/g, '');
      const file =
        url === '/page.js'
          ? join(out, 'page.js')
          : url.startsWith('/heads/')
            ? join(HEADS_DIR, name('/heads/').replace(/\//g, ''))
            : url.startsWith('/libs/')
              ? join(THREE_LIBS, name('/libs/'))
              : null;
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
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page
      .waitForFunction(() => 'head' in window, undefined, { timeout: 15_000 })
      .catch((e: unknown) => {
        throw new Error(`the head renderer page did not start: ${errors.join('; ') || String(e)}`);
      });
    await page.evaluate(([base, libs]) => (window as unknown as { head: HeadApi }).head.load(base, libs), [
      '/heads',
      '/libs',
    ] as const);
    return new HeadRenderer(browser, page, server, frames);
  }

  /** Renders one frame: the LeePerrySmith head at `pose`, or any scene of heads and photo cards. */
  async render(
    scene: HeadPose | readonly SceneItem[],
    backdrop: Backdrop = 'plain',
    /** The colour the kiosk's screen shows (it lights the subject), or null. */
    light: readonly [number, number, number] | null = null,
  ): Promise<RgbaFrame> {
    const items: readonly SceneItem[] = Array.isArray(scene)
      ? scene
      : [{ kind: 'head', model: 'lee', pose: scene as HeadPose }];
    this.frames.last = null;
    await this.page.evaluate(
      ([list, url, wall, colour]) =>
        (window as unknown as { head: HeadApi }).head.render(list, url, wall, colour),
      [items, '/frame', backdrop, light] as const,
    );
    const data = this.frames.last as Buffer | null;
    if (!data || data.length !== 640 * 480 * 4) throw new Error('the head renderer returned no frame');
    return { width: 640, height: 480, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  /** Where the nose tip of the LeePerrySmith head at `pose` (or of any scene item) appears, pixels. */
  async nose(item: HeadPose | SceneItem): Promise<{ x: number; y: number }> {
    const it: SceneItem = 'kind' in item ? item : { kind: 'head', model: 'lee', pose: item };
    return this.page.evaluate((i) => (window as unknown as { head: HeadApi }).head.nose(i), it);
  }

  async close(): Promise<void> {
    await this.browser.close();
    this.server.close();
  }
}

/** Debian's Chromium, or the one named by CHROMIUM_PATH (Playwright cannot download its own here). */
export const defaultChromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for a quiet, offline Chromium: no first-run UI, no background traffic to closed networks. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Software WebGL, for rendering 3D heads on machines without a GPU. */
export const SOFTWARE_WEBGL_FLAGS: readonly string[] = [
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

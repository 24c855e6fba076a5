// npm runs `prepare` after every install. A development install (npm ci) builds the app and the
// command line; a production install (npm ci --omit=dev, on a machine fed an already built dist/)
// has no esbuild and nothing to build with, so it says so and succeeds instead of failing.
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('esbuild');
} catch {
  console.log('prepare: development dependencies are not installed (npm ci --omit=dev); skipping the build.');
  process.exit(0);
}
await import('./build.mjs');

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as FaceApiModule from '@vladmandic/face-api';

export type FaceApi = typeof FaceApiModule;
/** face-api declares only part of TensorFlow.js; its `tf` is the whole tfjs-core at run time. */
export type Tf = typeof TfCore;
export const tfOf = (faceapi: FaceApi): Tf => faceapi.tf as unknown as Tf;

// Held in a variable so bundlers and type-checkers leave this optional, native module alone.
const NATIVE_TENSORFLOW = '@tensorflow/tfjs-node';
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface LoadedFaceApi {
  readonly faceapi: FaceApi;
  readonly backend: BackendName;
  /** Why this backend: what was tried first and what stopped it. Logged and shown in health. */
  readonly reason: string;
}

const interop = <T>(mod: unknown): T => ((mod as { default?: T }).default ?? mod) as T;

/** The modules the loader may load, in one place so a test can swap one of them for a stand-in. */
export interface FaceApiModules {
  nativeTensorflow(): Promise<unknown>;
  faceApiForNativeTensorflow(): Promise<unknown>;
  faceApiForWasm(): Promise<unknown>;
  wasmBackend(): Promise<unknown>;
}

export const INSTALLED_MODULES: FaceApiModules = {
  nativeTensorflow: () => import(NATIVE_TENSORFLOW),
  faceApiForNativeTensorflow: () => import('@vladmandic/face-api/dist/face-api.node.js'),
  faceApiForWasm: () => import('@vladmandic/face-api/dist/face-api.node-wasm.js'),
  wasmBackend: () => import('@tensorflow/tfjs-backend-wasm'),
};

/**
 * Picks the fastest TensorFlow.js backend that works here, best first: native TensorFlow
 * (tfjs-node, an optional dependency that cannot install everywhere), then WebAssembly with SIMD,
 * then plain JavaScript (15-35x slower than wasm, measured).
 */
export async function loadFaceApi(
  prefer: BackendPreference = 'auto',
  modules: FaceApiModules = INSTALLED_MODULES,
): Promise<LoadedFaceApi> {
  const notes: string[] = [];
  if (prefer === 'auto' || prefer === 'tensorflow') {
    try {
      await modules.nativeTensorflow();
      const faceapi = interop<FaceApi>(await modules.faceApiForNativeTensorflow());
      await tfOf(faceapi).ready();
      tfOf(faceapi).enableProdMode();
      return { faceapi, backend: 'tensorflow', reason: 'native TensorFlow (tfjs-node) loaded' };
    } catch (error) {
      notes.push(`tfjs-node unavailable (${firstLine(error)})`);
    }
  }
  const faceapi = interop<FaceApi>(await modules.faceApiForWasm());
  const tf = tfOf(faceapi);
  tf.enableProdMode();
  if (prefer === 'auto' || prefer === 'wasm') {
    try {
      const wasm = interop<{ setWasmPaths(path: string, usePlatformFetch?: boolean): void }>(
        await modules.wasmBackend(),
      );
      // Local files only: the kiosk never fetches code. A wrong path makes setBackend return
      // false while getBackend() may still say "wasm", so the return value is what counts.
      wasm.setWasmPaths(`${wasmDirectory()}/`);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        return {
          faceapi,
          backend: 'wasm',
          reason: [...notes, 'WebAssembly backend (SIMD) ready'].join('; '),
        };
      }
      notes.push('wasm backend did not initialise');
    } catch (error) {
      notes.push(`wasm backend failed (${firstLine(error)})`);
    }
  }
  if (!(await tf.setBackend('cpu')))
    throw new Error(`No TensorFlow.js backend works here: ${notes.join('; ')}`);
  await tf.ready();
  return { faceapi, backend: 'cpu', reason: [...notes, 'plain JavaScript cpu backend (slow)'].join('; ') };
}

/**
 * Where the wasm binaries are: the app's own copy beside the bundle (dist/main/wasm, written by the
 * build, the only copy in a package), else the installed backend package's (running from source).
 */
export function wasmDirectory(): string {
  const bundled = join(__dirname, 'wasm');
  if (existsSync(bundled)) return bundled;
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 200);
}

import { describe, expect, test } from 'vitest';
import { INSTALLED_MODULES, loadFaceApi, type FaceApiModules } from '../../../main/inference/face-api-loader';

/*
 * The backend order: native TensorFlow first wherever @tensorflow/tfjs-node resolves, WebAssembly
 * otherwise, with the reason. tfjs-node cannot install on this machine, so the first test swaps
 * only the module lookup for a stand-in that resolves; everything else is the installed code.
 */

const refuse = (what: string) => () => Promise.reject(new Error(`${what} must not be loaded`));

describe('choosing the TensorFlow.js backend', () => {
  test('a resolvable tfjs-node is chosen first, and the WebAssembly build is never loaded', async () => {
    let nativeLoaded = false;
    const calls: string[] = [];
    const tf = {
      ready: async () => void calls.push('ready'),
      enableProdMode: () => void calls.push('prod'),
    };
    const modules: FaceApiModules = {
      nativeTensorflow: async () => {
        nativeLoaded = true;
        return {};
      },
      faceApiForNativeTensorflow: async () => ({ default: { tf } }),
      faceApiForWasm: refuse('the wasm build of face-api'),
      wasmBackend: refuse('the wasm backend'),
    };
    const loaded = await loadFaceApi('auto', modules);
    expect(nativeLoaded).toBe(true);
    expect(loaded.backend).toBe('tensorflow');
    expect(loaded.reason).toBe('native TensorFlow (tfjs-node) loaded');
    expect(calls).toEqual(['ready', 'prod']);
  });

  test('without tfjs-node the WebAssembly backend runs, and the reason says why', async () => {
    const loaded = await loadFaceApi('auto', {
      ...INSTALLED_MODULES,
      nativeTensorflow: () => Promise.reject(new Error("Cannot find module '@tensorflow/tfjs-node'")),
    });
    expect(loaded.backend).toBe('wasm');
    expect(loaded.reason).toMatch(
      /^tfjs-node unavailable \(Cannot find module '@tensorflow\/tfjs-node'\); WebAssembly/,
    );
  });

  test('asking for WebAssembly never tries native TensorFlow', async () => {
    const loaded = await loadFaceApi('wasm', { ...INSTALLED_MODULES, nativeTensorflow: refuse('tfjs-node') });
    expect(loaded.backend).toBe('wasm');
    expect(loaded.reason).not.toMatch(/tfjs-node/);
  });
});

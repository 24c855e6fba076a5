import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

/*
 * Browser side of the head renderer: the LeePerrySmith scan, textured, lit, seen by a 640x480
 * camera with a 50 degree vertical field of view. Node drives it through window.head.
 */

export interface HeadPose {
  /** Head centre in metres, camera at the origin looking down -z. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Degrees; yaw > 0 turns the nose toward +x of the image. */
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

const WIDTH = 640;
const HEIGHT = 480;
const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setSize(WIDTH, HEIGHT);
renderer.setPixelRatio(1);
document.body.appendChild(renderer.domElement);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x5a5f66);
const camera = new THREE.PerspectiveCamera(50, WIDTH / HEIGHT, 0.01, 10);
scene.add(new THREE.HemisphereLight(0xffffff, 0x444444, 1.6));
const key = new THREE.DirectionalLight(0xffffff, 1.8);
key.position.set(0.5, 0.8, 1);
scene.add(key);
const head = new THREE.Group();
scene.add(head);
let noseTip = new THREE.Vector3();

async function load(base: string): Promise<void> {
  const textures = new THREE.TextureLoader();
  const [gltf, map, specularMap, normalMap] = await Promise.all([
    new GLTFLoader().loadAsync(`${base}/LeePerrySmith.glb`),
    textures.loadAsync(`${base}/Map-COL.jpg`),
    textures.loadAsync(`${base}/Map-SPEC.jpg`),
    textures.loadAsync(`${base}/Infinite-Level_02_Tangent_SmoothUV.jpg`),
  ]);
  map.colorSpace = THREE.SRGBColorSpace;
  const material = new THREE.MeshPhongMaterial({
    specular: 0x111111,
    map,
    specularMap,
    normalMap,
    shininess: 25,
  });
  let mesh: THREE.Mesh | null = null;
  gltf.scene.traverse((o) => {
    if ((o as THREE.Mesh).isMesh && !mesh) mesh = o as THREE.Mesh;
  });
  if (!mesh) throw new Error('no mesh in LeePerrySmith.glb');
  const m = mesh as THREE.Mesh;
  m.material = material;
  m.geometry.computeBoundingBox();
  const box = m.geometry.boundingBox!;
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  // A real head is ~0.24 m tall; the bust's pivot sits at its centre, roughly where a neck turns.
  const scale = 0.3 / size.y;
  m.geometry.translate(-centre.x, -centre.y, -centre.z);
  m.scale.setScalar(scale);
  head.add(m);
  // The nose tip: the front-most vertex in the upper two thirds of the face.
  const pos = m.geometry.getAttribute('position');
  let best = -Infinity;
  for (let i = 0; i < pos.count; i++) {
    const y = pos.getY(i);
    if (y < -size.y * 0.15 || y > size.y * 0.3) continue;
    const z = pos.getZ(i);
    if (z > best) {
      best = z;
      noseTip = new THREE.Vector3(pos.getX(i), y, z).multiplyScalar(scale);
    }
  }
}

function pose(p: HeadPose): void {
  head.position.set(p.x, p.y, p.z);
  const d = Math.PI / 180;
  head.rotation.set(-p.pitch * d, p.yaw * d, -p.roll * d, 'YXZ');
  head.updateMatrixWorld(true);
}

/** Projects the nose tip for a pose, in camera pixels. */
function nose(p: HeadPose): { x: number; y: number } {
  pose(p);
  const v = noseTip.clone().applyMatrix4(head.matrixWorld).project(camera);
  return { x: ((v.x + 1) / 2) * WIDTH, y: ((1 - v.y) / 2) * HEIGHT };
}

/** Renders a pose and returns RGBA rows top to bottom. */
function render(p: HeadPose): Uint8Array {
  pose(p);
  renderer.render(scene, camera);
  const gl = renderer.getContext();
  const pixels = new Uint8Array(WIDTH * HEIGHT * 4);
  gl.readPixels(0, 0, WIDTH, HEIGHT, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const out = new Uint8Array(pixels.length);
  const row = WIDTH * 4;
  for (let y = 0; y < HEIGHT; y++)
    out.set(pixels.subarray((HEIGHT - 1 - y) * row, (HEIGHT - y) * row), y * row);
  return out;
}

(window as unknown as { head: unknown }).head = { load, render, nose };

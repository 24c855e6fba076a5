import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { KTX2Loader } from 'three/examples/jsm/loaders/KTX2Loader.js';
import { MeshoptDecoder } from 'three/examples/jsm/libs/meshopt_decoder.module.js';

/*
 * Browser side of the head renderer: 3D heads (the LeePerrySmith scan, the Face Cap shell) and
 * flat photo cards of them, seen by a 640x480 camera with a 50 degree vertical field of view.
 * Node drives it through window.head; frames go back as a binary POST to the page's own server
 * (returning them from page.evaluate cost more than rendering them).
 */

export interface HeadPose {
  /** Centre in metres, camera at the origin looking down -z. */
  readonly x: number;
  readonly y: number;
  readonly z: number;
  /** Degrees; yaw > 0 turns the nose toward +x of the image. */
  readonly yaw: number;
  readonly pitch: number;
  readonly roll: number;
}

export type HeadModel = 'lee' | 'facecap';

/**
 * Behind the subject: a plain wall (nothing to see motion by), or a room with a door frame,
 * posters, a shelf and a plant about 2 m behind (what most kiosks see); `other_room` is the room
 * the attacker's recordings were made in.
 */
export type Backdrop = 'plain' | 'room' | 'other_room';

/**
 * Something in front of the camera: a real 3D head, a printed photo of one (a card), or a phone or
 * tablet playing a recording of one (a screen; `pose` is the device's, `shows` the recorded head's).
 */
export interface SceneItem {
  readonly kind: 'head' | 'card' | 'screen';
  readonly model: HeadModel;
  readonly pose: HeadPose;
  /** Cards only: how far the card's edges curl back, metres (a photo held bent). */
  readonly bend?: number;
  /** Screens only: the recorded head's pose in the frame the screen shows now. */
  readonly shows?: HeadPose;
  /** Screens only: which device (picture 20x15 cm in a 1.5 cm bezel, or 12x9 cm in 0.8 cm). */
  readonly device?: 'phone' | 'tablet';
}

const WIDTH = 640;
const HEIGHT = 480;
const FOCAL_PX = HEIGHT / 2 / Math.tan((25 * Math.PI) / 180);
/** Where a card's photo was taken: the head straight ahead, 0.5 m from the camera. */
const PHOTO_POSE: HeadPose = { x: 0, y: -0.047, z: -0.5, yaw: 0, pitch: 0, roll: 0 };
/** The photo's plane sits this far in front of the pose's centre (about the face's surface). */
const CARD_FRONT = 0.1;
/** The part of the photo printed on the card, pixels around the nose (a face-sized print). */
const CARD_CROP = { width: 300, height: 380 };

const renderer = new THREE.WebGLRenderer({ antialias: false, preserveDrawingBuffer: true });
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
/**
 * The kiosk's own screen, around the camera: its colour lights what is in front of it and falls off
 * with the square of the distance. At full white it adds about a quarter to the light on a face at
 * 0.5 m in this room's light (a kiosk display at ~300 cd/m2 against ~400 lux of room light).
 */
const kioskLight = new THREE.PointLight(0xffffff, 0, 0, 2);
kioskLight.position.set(0, 0, 0);
scene.add(kioskLight);
const KIOSK_LIGHT_INTENSITY = 0.1;
/** A device's glass mirrors the kiosk's screen into the camera: about 4% of its light. */
const GLASS_REFLECTION = 0.04;

interface LoadedHead {
  readonly object: THREE.Object3D;
  /** Nose tip in the model's local coordinates. */
  readonly noseTip: THREE.Vector3;
}
const heads = new Map<HeadModel, LoadedHead>();
const cards = new Map<
  HeadModel,
  { texture: THREE.Texture; noseLocal: THREE.Vector3; centre: THREE.Vector2 }
>();
const pool: THREE.Object3D[] = [];

/**
 * Scales and centres a model to a real head's size, its pivot `pivotBehind` metres behind the
 * model's centre (where a neck turns), and finds its nose tip (front-most point of the mid face).
 */
function normalise(root: THREE.Object3D, height: number, pivotBehind = 0): LoadedHead {
  root.updateMatrixWorld(true);
  const box = new THREE.Box3().setFromObject(root);
  const size = box.getSize(new THREE.Vector3());
  const centre = box.getCenter(new THREE.Vector3());
  const scale = height / size.y;
  const holder = new THREE.Group();
  root.position.sub(centre);
  const inner = new THREE.Group();
  inner.add(root);
  inner.scale.setScalar(scale);
  inner.position.z = pivotBehind;
  holder.add(inner);
  holder.updateMatrixWorld(true);
  let best = -Infinity;
  const tip = new THREE.Vector3();
  const v = new THREE.Vector3();
  holder.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    const pos = mesh.geometry.getAttribute('position');
    for (let i = 0; i < pos.count; i++) {
      v.fromBufferAttribute(pos, i).applyMatrix4(mesh.matrixWorld);
      if (v.y < -height * 0.15 || v.y > height * 0.3) continue;
      if (v.z > best) {
        best = v.z;
        tip.copy(v);
      }
    }
  });
  return { object: holder, noseTip: tip };
}

async function loadLee(base: string): Promise<LoadedHead> {
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
  gltf.scene.traverse((o) => {
    if ((o as THREE.Mesh).isMesh) (o as THREE.Mesh).material = material;
  });
  // The bust is ~0.3 m tall; its centre sits roughly where a neck turns.
  return normalise(gltf.scene, 0.3);
}

async function loadFacecap(base: string, libs: string): Promise<LoadedHead> {
  const ktx2 = new KTX2Loader().setTranscoderPath(`${libs}/basis/`).detectSupport(renderer);
  const gltf = await new GLTFLoader()
    .setKTX2Loader(ktx2)
    .setMeshoptDecoder(MeshoptDecoder)
    .loadAsync(`${base}/facecap.glb`);
  // A face shell without neck or scalp: a real face is ~0.22 m from chin to hairline.
  return normalise(gltf.scene, 0.22, 0.08);
}

async function load(base: string, libs: string): Promise<void> {
  heads.set('lee', await loadLee(base));
  heads.set('facecap', await loadFacecap(base, libs));
}

function place(object: THREE.Object3D, p: HeadPose): void {
  object.position.set(p.x, p.y, p.z);
  const d = Math.PI / 180;
  object.rotation.set(-p.pitch * d, p.yaw * d, -p.roll * d, 'YXZ');
  object.updateMatrixWorld(true);
}

function project(v: THREE.Vector3): { x: number; y: number } {
  const p = v.clone().project(camera);
  return { x: ((p.x + 1) / 2) * WIDTH, y: ((1 - p.y) / 2) * HEIGHT };
}

/** Pixels (RGBA, rows top to bottom) of what the camera sees now. */
function readFrame(): Uint8Array<ArrayBuffer> {
  renderer.render(scene, camera);
  const gl = renderer.getContext();
  const pixels = new Uint8Array(WIDTH * HEIGHT * 4);
  gl.readPixels(0, 0, WIDTH, HEIGHT, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
  const out = new Uint8Array(new ArrayBuffer(pixels.length));
  const row = WIDTH * 4;
  for (let y = 0; y < HEIGHT; y++)
    out.set(pixels.subarray((HEIGHT - 1 - y) * row, (HEIGHT - y) * row), y * row);
  return out;
}

/** Back-projects an image point onto the plane at depth `depth` in front of the camera. */
const unproject = (u: number, v: number, depth: number): THREE.Vector3 =>
  new THREE.Vector3(((u - WIDTH / 2) * depth) / FOCAL_PX, (-(v - HEIGHT / 2) * depth) / FOCAL_PX, -depth);

/**
 * A life-size print of the head's frontal photo: the crop around the nose, on a plane placed so
 * that a card at PHOTO_POSE looks exactly like the head did.
 */
function card(model: HeadModel): { texture: THREE.Texture; noseLocal: THREE.Vector3; centre: THREE.Vector2 } {
  const cached = cards.get(model);
  if (cached) return cached;
  const head = heads.get(model)!;
  // The photo shows this head alone, against a plain wall: hide whatever else is in the scene.
  for (const o of pool) o.visible = false;
  const shown = visibleBackdrop;
  showBackdrop(null);
  scene.add(head.object);
  place(head.object, PHOTO_POSE);
  const pixels = readFrame();
  showBackdrop(shown);
  const nose = project(head.noseTip.clone().applyMatrix4(head.object.matrixWorld));
  scene.remove(head.object);
  for (const o of pool) o.visible = true;
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  canvas
    .getContext('2d')!
    .putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer as ArrayBuffer), WIDTH, HEIGHT), 0, 0);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  const left = Math.round(nose.x - CARD_CROP.width / 2);
  const top = Math.round(nose.y - CARD_CROP.height * 0.45);
  texture.repeat.set(CARD_CROP.width / WIDTH, CARD_CROP.height / HEIGHT);
  texture.offset.set(left / WIDTH, 1 - (top + CARD_CROP.height) / HEIGHT);
  const depth = -PHOTO_POSE.z - CARD_FRONT;
  const origin = new THREE.Vector3(PHOTO_POSE.x, PHOTO_POSE.y, PHOTO_POSE.z + CARD_FRONT);
  const centreWorld = unproject(left + CARD_CROP.width / 2, top + CARD_CROP.height / 2, depth);
  const noseWorld = unproject(nose.x, nose.y, depth);
  const made = {
    texture,
    // In the card group's frame (the group sits at the pose's centre, the plane CARD_FRONT ahead).
    noseLocal: noseWorld.sub(origin).setZ(CARD_FRONT),
    centre: new THREE.Vector2(centreWorld.x - origin.x, centreWorld.y - origin.y),
  };
  cards.set(model, made);
  return made;
}

/** A room drawn on a canvas: wall, door frame, posters with lines of text, a shelf, a plant. */
function roomTexture(wall: string, accent: string, seed: number): THREE.Texture {
  const canvas = document.createElement('canvas');
  canvas.width = 1024;
  canvas.height = 683;
  const ctx = canvas.getContext('2d')!;
  let x = seed;
  const rand = (): number => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x7fffffff;
  };
  const g = ctx.createLinearGradient(0, 0, 1024, 683);
  g.addColorStop(0, wall);
  g.addColorStop(1, '#6b6f74');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, 1024, 683);
  // A door frame and the door.
  const door = 80 + rand() * 120;
  ctx.fillStyle = '#3b3024';
  ctx.fillRect(door, 120, 190, 563);
  ctx.fillStyle = '#8a6a48';
  ctx.fillRect(door + 14, 134, 162, 549);
  ctx.fillStyle = '#d8c9a0';
  ctx.beginPath();
  ctx.arc(door + 150, 420, 8, 0, Math.PI * 2);
  ctx.fill();
  // Posters with headings and lines of text.
  for (let i = 0; i < 3; i++) {
    const px = 360 + i * 200 + rand() * 40;
    const py = 90 + rand() * 120;
    ctx.fillStyle = i % 2 ? accent : '#e8e4da';
    ctx.fillRect(px, py, 150, 200);
    ctx.fillStyle = '#202020';
    ctx.fillRect(px + 12, py + 14, 126, 22);
    for (let l = 0; l < 9; l++) ctx.fillRect(px + 12, py + 50 + l * 15, 40 + rand() * 86, 5);
  }
  // A shelf with boxes.
  ctx.fillStyle = '#4a4038';
  ctx.fillRect(560, 430, 420, 14);
  for (let i = 0; i < 7; i++) {
    ctx.fillStyle = `hsl(${Math.floor(rand() * 360)}, 45%, ${30 + rand() * 40}%)`;
    const h = 40 + rand() * 60;
    ctx.fillRect(570 + i * 58, 430 - h, 44, h);
  }
  // A plant.
  ctx.fillStyle = '#2f5a2a';
  for (let i = 0; i < 40; i++) {
    ctx.beginPath();
    ctx.ellipse(
      900 + rand() * 90 - 45,
      520 + rand() * 120 - 60,
      8 + rand() * 14,
      4 + rand() * 6,
      rand() * 3,
      0,
      Math.PI * 2,
    );
    ctx.fill();
  }
  ctx.fillStyle = '#6a4a32';
  ctx.fillRect(870, 600, 60, 83);
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

/** The kiosk's room, and the other room a recording was made in: walls 2.2 m behind the subject. */
const BACKDROPS = {
  kiosk: roomTexture('#9aa0a6', '#3a6ea5', 7),
  recording: roomTexture('#b09a80', '#a5503a', 19),
} as const;
const backdropMeshes = new Map<keyof typeof BACKDROPS, THREE.Mesh>();
let visibleBackdrop: keyof typeof BACKDROPS | null = null;

function showBackdrop(which: keyof typeof BACKDROPS | null): void {
  visibleBackdrop = which;
  for (const [name, mesh] of backdropMeshes) mesh.visible = name === which;
  if (!which || backdropMeshes.has(which)) return;
  const mesh = new THREE.Mesh(
    new THREE.PlaneGeometry(3.6, 2.4),
    new THREE.MeshBasicMaterial({ map: BACKDROPS[which] }),
  );
  mesh.position.set(0, 0, -2.2);
  scene.add(mesh);
  backdropMeshes.set(which, mesh);
}

/** Screens: the recording is made by the same camera, in another room, and shown cropped to the face. */
const RECORDING_BACKGROUND = new THREE.Color(0x8a7a66);
const SCREEN_CROP = { left: 128, top: 91, width: 384, height: 288 };
const DEVICES = {
  tablet: { width: 0.2, height: 0.15, bezel: 0.015 },
  phone: { width: 0.12, height: 0.09, bezel: 0.008 },
} as const;
const recording = new THREE.WebGLRenderTarget(WIDTH, HEIGHT);
recording.texture.colorSpace = THREE.SRGBColorSpace;

/** Renders the recorded head at `shows` into the recording texture, alone in its own room. */
function record(model: HeadModel, shows: HeadPose): void {
  const head = heads.get(model)!.object.clone();
  for (const o of pool) o.visible = false;
  // Recorded elsewhere, earlier: not lit by this kiosk's screen.
  const kioskIntensity = kioskLight.intensity;
  kioskLight.intensity = 0;
  place(head, shows);
  scene.add(head);
  const background = scene.background;
  const shown = visibleBackdrop;
  scene.background = RECORDING_BACKGROUND;
  showBackdrop('recording');
  renderer.setRenderTarget(recording);
  renderer.render(scene, camera);
  renderer.setRenderTarget(null);
  scene.background = background;
  showBackdrop(shown);
  scene.remove(head);
  for (const o of pool) o.visible = true;
  kioskLight.intensity = kioskIntensity;
}

/** A soft highlight, as a window reflected in glass. */
function glareTexture(): THREE.Texture {
  const canvas = document.createElement('canvas');
  canvas.width = 128;
  canvas.height = 96;
  const ctx = canvas.getContext('2d')!;
  const g = ctx.createRadialGradient(96, 24, 4, 96, 24, 90);
  g.addColorStop(0, 'rgba(255,255,255,0.55)');
  g.addColorStop(1, 'rgba(255,255,255,0)');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, 128, 96);
  return new THREE.CanvasTexture(canvas);
}
let glare: THREE.Texture | null = null;

/** An LCD's lifted blacks, plus the kiosk's screen mirrored in the glass. */
let kioskColour: readonly [number, number, number] | null = null;
function glassColour(): THREE.Color {
  // 0x161616 as before (a hex colour is sRGB, converted to the linear working space), plus the
  // mirrored screen in linear light: with the screen dark it is exactly the old lift.
  const colour = new THREE.Color(0x161616);
  if (!kioskColour) return colour;
  const mirrored = new THREE.Color().setRGB(
    kioskColour[0] / 255,
    kioskColour[1] / 255,
    kioskColour[2] / 255,
    THREE.SRGBColorSpace,
  );
  return colour.add(mirrored.multiplyScalar(GLASS_REFLECTION));
}

/** The device: a dark bezel, the picture (dimmed, blacks lifted as an LCD shows them), glare on the glass. */
function screenObject(device: 'phone' | 'tablet'): THREE.Object3D {
  const d = DEVICES[device];
  // The render target's own texture (a clone would not share its pixels); one screen per scene.
  const texture = recording.texture;
  texture.repeat.set(SCREEN_CROP.width / WIDTH, SCREEN_CROP.height / HEIGHT);
  texture.offset.set(SCREEN_CROP.left / WIDTH, 1 - (SCREEN_CROP.top + SCREEN_CROP.height) / HEIGHT);
  const group = new THREE.Group();
  const body = new THREE.Mesh(
    new THREE.BoxGeometry(d.width + 2 * d.bezel, d.height + 2 * d.bezel, 0.008),
    new THREE.MeshPhongMaterial({ color: 0x111214, shininess: 60 }),
  );
  body.position.z = -0.0045;
  const picture = new THREE.Mesh(
    new THREE.PlaneGeometry(d.width, d.height),
    new THREE.MeshBasicMaterial({ map: texture, color: 0xe0e0e0 }),
  );
  const lift = new THREE.Mesh(
    new THREE.PlaneGeometry(d.width, d.height),
    new THREE.MeshBasicMaterial({
      color: glassColour(),
      blending: THREE.AdditiveBlending,
      transparent: true,
    }),
  );
  lift.position.z = 0.0005;
  glare ??= glareTexture();
  const shine = new THREE.Mesh(
    new THREE.PlaneGeometry(d.width, d.height),
    new THREE.MeshBasicMaterial({ map: glare, blending: THREE.AdditiveBlending, transparent: true }),
  );
  shine.position.z = 0.001;
  group.add(body, picture, lift, shine);
  return group;
}

/** Where the recorded head's nose appears on the device's picture, in the device's own frame. */
function screenNoseLocal(item: SceneItem): THREE.Vector3 {
  const d = DEVICES[item.device ?? 'tablet'];
  const head = new THREE.Group();
  place(head, item.shows!);
  const n = project(heads.get(item.model)!.noseTip.clone().applyMatrix4(head.matrixWorld));
  const u = (n.x - SCREEN_CROP.left) / SCREEN_CROP.width - 0.5;
  const v = (n.y - SCREEN_CROP.top) / SCREEN_CROP.height - 0.5;
  return new THREE.Vector3(u * d.width, -v * d.height, 0.001);
}

const cardObjects = new Map<string, THREE.Object3D>();

function cardObject(model: HeadModel, bend: number): THREE.Object3D {
  const cacheKey = `${model}:${bend}`;
  const cachedObject = cardObjects.get(cacheKey);
  if (cachedObject) return cachedObject.clone();
  const { texture, centre } = card(model);
  const depth = -PHOTO_POSE.z - CARD_FRONT;
  const w = (CARD_CROP.width * depth) / FOCAL_PX;
  const h = (CARD_CROP.height * depth) / FOCAL_PX;
  const geometry = new THREE.PlaneGeometry(w, h, 24, 4);
  // Bent about its vertical axis: edges curl back by `bend` metres, the middle stays put.
  const pos = geometry.getAttribute('position');
  for (let i = 0; i < pos.count; i++) {
    const t = pos.getX(i) / (w / 2);
    pos.setZ(i, -bend * t * t);
  }
  geometry.computeVertexNormals();
  const mesh = new THREE.Mesh(
    geometry,
    new THREE.MeshBasicMaterial({ map: texture, side: THREE.DoubleSide }),
  );
  mesh.position.set(centre.x, centre.y, CARD_FRONT);
  const group = new THREE.Group();
  group.add(mesh);
  cardObjects.set(cacheKey, group);
  return group.clone();
}

/**
 * Renders the items in front of `backdrop` and POSTs the frame to `url`. `light`: the colour the
 * kiosk's screen shows (display RGB), or null for a dark screen.
 */
async function render(
  items: readonly SceneItem[],
  url: string,
  backdrop: Backdrop = 'plain',
  light: readonly [number, number, number] | null = null,
): Promise<void> {
  for (const o of pool.splice(0)) scene.remove(o);
  kioskColour = light;
  if (light) {
    kioskLight.color.setRGB(light[0] / 255, light[1] / 255, light[2] / 255, THREE.SRGBColorSpace);
    kioskLight.intensity = KIOSK_LIGHT_INTENSITY;
  } else kioskLight.intensity = 0;
  showBackdrop(backdrop === 'room' ? 'kiosk' : backdrop === 'other_room' ? 'recording' : null);
  for (const item of items) {
    let object: THREE.Object3D;
    if (item.kind === 'screen') {
      // The recording's frame first (its own room, nothing else in view), then the device showing it.
      record(item.model, item.shows ?? PHOTO_POSE);
      object = screenObject(item.device ?? 'tablet');
    } else
      object =
        item.kind === 'head' ? heads.get(item.model)!.object.clone() : cardObject(item.model, item.bend ?? 0);
    place(object, item.pose);
    scene.add(object);
    pool.push(object);
  }
  const frame = readFrame();
  const response = await fetch(url, { method: 'POST', body: frame });
  if (!response.ok) throw new Error(`frame upload failed: ${response.status}`);
}

/** Where the item's nose tip appears in the image, pixels. */
function nose(item: SceneItem): { x: number; y: number } {
  const holder = new THREE.Group();
  place(holder, item.pose);
  const local =
    item.kind === 'head'
      ? heads.get(item.model)!.noseTip.clone()
      : item.kind === 'screen'
        ? screenNoseLocal(item)
        : card(item.model).noseLocal.clone();
  return project(local.applyMatrix4(holder.matrixWorld));
}

(window as unknown as { head: unknown }).head = { load, render, nose };

import type { Point, SceneImage } from '../../main/liveness';

/*
 * Scene pictures for tests without a camera: a room with texture everywhere (posters, a door
 * frame, shelves: here deterministic blobs of grey), seen still, or carried along with the face
 * as a held-up screen or print would carry its own background.
 */

export const SCENE_SIZE = { width: 160, height: 120 } as const;

/** Grey level of the room at (x, y): smooth shapes with sharp edges, never flat for long. */
function roomAt(x: number, y: number): number {
  const cell = Math.floor(x / 7) * 31 + Math.floor(y / 5) * 17;
  const hash = Math.sin(cell * 12.9898) * 43758.5453;
  const patch = (hash - Math.floor(hash)) * 120;
  return Math.round(60 + patch + 20 * Math.sin(x / 3) * Math.cos(y / 4));
}

/** The room shifted by `offset` scene pixels (what a carrier moved by `offset` shows). */
export function roomScene(offset: Point = { x: 0, y: 0 }): SceneImage {
  const { width, height } = SCENE_SIZE;
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      luma[y * width + x] = roomAt(x - Math.round(offset.x), y - Math.round(offset.y));
  return { width, height, luma };
}

/** A plain wall: nothing to judge motion by. */
export function plainScene(level = 128): SceneImage {
  const { width, height } = SCENE_SIZE;
  return { width, height, luma: new Uint8Array(width * height).fill(level) };
}

/** One still room picture, shared: scenes are read, never written. */
export const STILL_ROOM = roomScene();

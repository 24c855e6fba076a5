import type { FaceModel3D, Vec3 } from './head-pose';

/*
 * A generic 3D face for head-pose fitting: one point per iBUG landmark, millimetres, camera axes
 * (x right, y down, z away from the camera) with the face looking straight into the camera and
 * the origin at the centroid of the rigid points.
 *
 * Built by `npm run eval:pose -- --print-model`: face-api's landmarks on 78 renders of the two
 * shared 3D heads (0.5 m, centred, yaw -30..30, pitch -12/0/+12), triangulated with each render's
 * known pose, and the two heads averaged. Being the detector's own points (not anatomical ones),
 * it carries the detector's habits, e.g. eye corners placed on closed lids. Re-run after changing
 * the landmark net or its input size.
 */
// prettier-ignore
const POINTS: Vec3[] = [
  [-61.4, -19.2, 39.0], [-60.0, -4.1, 34.8], [-56.8, 10.0, 34.0], [-52.9, 22.6, 33.4],
  [-46.9, 36.5, 30.7], [-37.7, 46.2, 24.9], [-27.6, 52.2, 16.2], [-15.9, 57.7, 7.5],
  [0.4, 61.6, 5.2], [16.2, 58.4, 8.7], [26.8, 54.0, 19.5], [36.3, 48.4, 28.6],
  [44.6, 37.9, 35.6], [51.0, 24.0, 38.4], [54.0, 11.0, 39.6], [56.7, -2.8, 41.5],
  [57.8, -18.3, 45.4], [-42.7, -32.3, 12.3], [-35.4, -36.0, 6.9], [-26.7, -37.5, 2.9],
  [-19.1, -37.1, 0.9], [-12.2, -34.7, -0.3], [12.4, -34.1, 0.3], [19.0, -36.1, 2.4],
  [26.4, -37.0, 5.8], [35.3, -35.4, 10.3], [41.9, -31.5, 17.5], [0.1, -19.9, -1.4],
  [0.2, -11.2, -7.3], [0.4, -3.4, -14.0], [0.1, 4.2, -16.1], [-8.3, 10.8, -4.5],
  [-4.3, 11.7, -6.8], [0.1, 12.7, -7.7], [4.7, 11.4, -6.3], [8.5, 11.0, -3.9],
  [-31.3, -21.3, 9.9], [-25.9, -23.0, 6.4], [-19.2, -23.2, 7.0], [-13.7, -20.1, 8.4],
  [-18.5, -17.8, 6.4], [-25.7, -18.5, 7.1], [12.7, -19.6, 9.5], [18.7, -22.9, 8.9],
  [25.9, -22.5, 8.9], [30.4, -19.7, 13.9], [25.4, -17.5, 10.2], [18.4, -18.0, 8.5],
  [-16.8, 29.2, 0.7], [-10.7, 24.6, -5.4], [-3.8, 21.6, -8.7], [0.1, 22.4, -8.6],
  [3.8, 21.4, -8.2], [10.9, 25.6, -3.9], [17.1, 30.5, 2.9], [10.8, 32.9, -3.3],
  [5.7, 34.4, -6.7], [0.1, 34.8, -8.0], [-4.9, 34.4, -7.3], [-10.2, 32.7, -5.0],
  [-15.4, 29.2, 0.2], [-5.1, 26.8, -5.8], [0.1, 26.8, -6.7], [4.7, 27.4, -5.3],
  [15.1, 29.9, 2.5], [5.1, 28.2, -5.9], [0.3, 28.0, -7.1], [-4.5, 27.9, -6.6],
];

/** Brows (17-26), nose (27-35), eyes (36-47), mouth (48-67): the jaw contour slides with the view. */
const RIGID = Array.from({ length: 51 }, (_, i) => i + 17);

export const FACE_MODEL_3D: FaceModel3D = { points: POINTS, rigid: RIGID };

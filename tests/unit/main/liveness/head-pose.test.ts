import { describe, expect, test } from 'vitest';
import {
  FACE_MODEL_3D,
  fitHeadPose,
  measureHeadPose,
  poseFromRotation,
  projectModelPoint,
  rotationFromPose,
  type CameraModel,
  type Pose,
  type Vec3,
} from '../../../../main/liveness';
import { CAMERA as SYNTHETIC_CAMERA, projectHead } from '../../../support/synthetic-face';

const CAMERA: CameraModel = {
  frame: { width: 640, height: 480 },
  horizontalFovDeg: (2 * Math.atan(320 / SYNTHETIC_CAMERA.focalPx) * 180) / Math.PI,
};

/** The engine's own model seen through the camera at a pose, origin `at` mm from the camera. */
const modelSeenAt = (pose: Pose, at: Vec3) =>
  FACE_MODEL_3D.points.map((p) => projectModelPoint(CAMERA, rotationFromPose(pose), at, p));

describe('head pose from the 3D face model', () => {
  test('yaw, pitch and roll survive the round trip through a rotation', () => {
    for (const pose of [
      { yaw: 25, pitch: -10, roll: 5 },
      { yaw: -40, pitch: 15, roll: -12 },
    ]) {
      const back = poseFromRotation(rotationFromPose(pose));
      expect(back.yaw).toBeCloseTo(pose.yaw, 6);
      expect(back.pitch).toBeCloseTo(pose.pitch, 6);
    }
  });

  test('the model fitted to its own projection gives back the pose it was seen at, anywhere in the frame', () => {
    for (const pose of [
      { yaw: 0, pitch: 0, roll: 0 },
      { yaw: 30, pitch: 8, roll: -6 },
      { yaw: -22, pitch: -12, roll: 10 },
    ])
      for (const at of [
        [0, 0, 500],
        [110, -60, 450],
        [-90, 40, 700],
      ] as Vec3[]) {
        const fit = fitHeadPose(modelSeenAt(pose, at), FACE_MODEL_3D, CAMERA)!;
        expect(fit.pose.yaw).toBeCloseTo(pose.yaw, 1);
        expect(fit.pose.pitch).toBeCloseTo(pose.pitch, 1);
        expect(fit.pose.roll).toBeCloseTo(pose.roll, 1);
        expect(fit.translation[2]).toBeCloseTo(at[2], 0);
        expect(fit.rmsError).toBeLessThan(1e-3);
      }
  });

  // The synthetic test head is hand-made, not the engine's model (its nose stands out further): a
  // stranger's face. Accuracy is measured on the 3D renders (npm run eval:pose), not here.
  test('a differently shaped head: more turn reads more yaw, nose toward +x positive', () => {
    const yaws = [-30, -15, 0, 15, 30].map(
      (yaw) => measureHeadPose(projectHead({ x: 320, y: 220, yaw }), CAMERA)!.yaw,
    );
    for (let i = 1; i < yaws.length; i++) expect(yaws[i]!).toBeGreaterThan(yaws[i - 1]! + 8);
  });

  test('a wrong number of landmarks or eyes on one spot gives no pose', () => {
    expect(fitHeadPose(projectHead({ x: 320, y: 220 }).slice(0, 60), FACE_MODEL_3D, CAMERA)).toBeNull();
    expect(
      measureHeadPose(
        Array.from({ length: 68 }, () => ({ x: 300, y: 200 })),
        CAMERA,
      ),
    ).toBeNull();
  });
});

import type { Box, FaceDetail, Point, Size } from '../../main/liveness';
import { estimatePose } from '../../main/liveness';

/*
 * Rekognition's 30 landmark types computed from the 68-point iBUG layout, so the test endpoint can
 * answer DetectFaces with this project's own inference and unit tests can build FaceDetails from
 * synthetic heads. Rekognition names eyes from the image's point of view here (eyeLeft has the
 * smaller X), as its landmarks do.
 */

const mean = (...ps: Point[]): Point => ({
  x: ps.reduce((s, p) => s + p.x, 0) / ps.length,
  y: ps.reduce((s, p) => s + p.y, 0) / ps.length,
});

export function rekognitionLandmarks(l: readonly Point[]): Record<string, Point> {
  const p = (i: number): Point => l[i]!;
  const eyeLeft = mean(p(36), p(37), p(38), p(39), p(40), p(41));
  const eyeRight = mean(p(42), p(43), p(44), p(45), p(46), p(47));
  return {
    eyeLeft,
    eyeRight,
    nose: p(30),
    mouthLeft: p(48),
    mouthRight: p(54),
    leftEyeBrowLeft: p(17),
    leftEyeBrowUp: p(19),
    leftEyeBrowRight: p(21),
    rightEyeBrowLeft: p(22),
    rightEyeBrowUp: p(24),
    rightEyeBrowRight: p(26),
    leftEyeLeft: p(36),
    leftEyeRight: p(39),
    leftEyeUp: mean(p(37), p(38)),
    leftEyeDown: mean(p(40), p(41)),
    rightEyeLeft: p(42),
    rightEyeRight: p(45),
    rightEyeUp: mean(p(43), p(44)),
    rightEyeDown: mean(p(46), p(47)),
    noseLeft: p(31),
    noseRight: p(35),
    mouthUp: p(51),
    mouthDown: p(57),
    leftPupil: eyeLeft,
    rightPupil: eyeRight,
    upperJawlineLeft: p(1),
    midJawlineLeft: p(4),
    chinBottom: p(8),
    midJawlineRight: p(12),
    upperJawlineRight: p(15),
  };
}

/** A DetectFaces FaceDetail for a face seen by this project's inference. */
export function faceDetailFrom(
  face: { box: Box; landmarks: readonly Point[]; score: number },
  frame: Size,
): FaceDetail {
  const pose = estimatePose(face.landmarks);
  return {
    BoundingBox: {
      Left: face.box.left / frame.width,
      Top: face.box.top / frame.height,
      Width: face.box.width / frame.width,
      Height: face.box.height / frame.height,
    },
    Landmarks: Object.entries(rekognitionLandmarks(face.landmarks)).map(([Type, p]) => ({
      Type,
      X: p.x / frame.width,
      Y: p.y / frame.height,
    })),
    Pose: { Yaw: pose?.yaw ?? 0, Pitch: pose?.pitch ?? 0, Roll: pose?.roll ?? 0 },
    Confidence: face.score * 100,
  };
}

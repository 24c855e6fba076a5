// Rewrites models/catalogue.json from the installed @vladmandic/face-api weights. Run it only when
// upgrading face-api on purpose: the catalogue is what the kiosk verifies its weights against.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const pkg = require('@vladmandic/face-api/package.json');
const dir = join(dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
const nets = {
  tinyFaceDetector: 'tiny_face_detector_model',
  faceLandmark68Net: 'face_landmark_68_model',
  faceRecognitionNet: 'face_recognition_model',
};
const models = Object.entries(nets).flatMap(([net, base]) =>
  [`${base}-weights_manifest.json`, `${base}.bin`].map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { net, file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }),
);
writeFileSync(
  'models/catalogue.json',
  `${JSON.stringify({ source: `@vladmandic/face-api@${pkg.version} model/`, models }, null, 2)}\n`,
);
console.log(`models/catalogue.json: ${models.length} files from face-api ${pkg.version}`);

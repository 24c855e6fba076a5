import { z } from 'zod';

/*
 * What staff read beside each setting: a label, one line saying what it does, and its unit. Attached
 * to the settings schema's own zod types as metadata (zod's registry, as `.meta()` does), so the JSON
 * Schema generated from it carries `title`, `description` and `unit` to electron-store and to the
 * staff panel's form; a test checks that every setting has them. Sections and groups get a title
 * and a line too: the panel shows settings grouped under them.
 */

export interface SettingMeta {
  readonly title: string;
  readonly description: string;
  readonly unit?: string;
}

const m = (title: string, description: string, unit?: string): SettingMeta =>
  unit ? { title, description, unit } : { title, description };

/** By dotted path from the settings root; groups (objects) and leaves alike. */
export const SETTINGS_META = {
  kiosk: m('This kiosk', 'Which kiosk this is, written into every result, export and health report.'),
  'kiosk.name': m('Name', 'A name staff recognise, e.g. "Front desk". Empty: unnamed.'),
  'kiosk.site': m('Site', 'Where the kiosk stands, e.g. "Berlin, Hall 2". Empty: not given.'),

  camera: m('Camera', 'Which camera the kiosk uses and the picture size it analyses.'),
  'camera.deviceId': m('Camera device', 'Chosen on the camera tab. Empty: the first camera found.'),
  'camera.width': m('Capture width', 'Width of the picture the checks use; 640 suits most webcams.', 'px'),
  'camera.height': m('Capture height', 'Height of the picture the checks use; 480 suits most webcams.', 'px'),

  language: m(
    'Default language',
    "The language the welcome screen starts in (visitors can switch) and the staff panel's.",
  ),

  liveness: m('Liveness check', 'How the challenge runs and how strict the verdict is. Change with care.'),
  'liveness.landmarkIndex': m('Nose landmark', 'Which of the 68 face points is the nose tip (30).', 'index'),
  'liveness.face': m('Finding a face', 'The first step: a face in front of the camera.'),
  'liveness.face.timeoutMs': m('Face timeout', 'How long the kiosk waits for a face before giving up.', 'ms'),
  'liveness.area': m('Face in the area', 'The second step: the face inside the on-screen area.'),
  'liveness.area.timeoutMs': m(
    'Area timeout',
    'How long a visitor has to bring the face into the area.',
    'ms',
  ),
  'liveness.area.maxNoFaceFrames': m(
    'Frames without a face (area)',
    'More frames without a face than this during this step fail the attempt.',
    'frames',
  ),
  'liveness.distance': m('Distance', 'How close visitors stand, as face width over picture width.'),
  'liveness.distance.minFaceWidthRatio': m(
    'Closest face width',
    'A face narrower than this share of the picture is asked to come closer.',
    'share',
  ),
  'liveness.distance.maxFaceWidthRatio': m(
    'Widest face width',
    'A face wider than this share of the picture is asked to step back.',
    'share',
  ),
  'liveness.nose': m('Nose to the target', 'The last step: the nose tip into the target.'),
  'liveness.nose.timeoutMs': m('Nose timeout', 'How long a visitor has to reach the target.', 'ms'),
  'liveness.nose.maxNoFaceFrames': m(
    'Frames without a face (nose)',
    'More frames without a face than this during this step fail the attempt.',
    'frames',
  ),
  'liveness.nose.areaTolerance': m(
    'Area tolerance',
    'How far the face may drift outside the area while turning, as a share of its size.',
    'share',
  ),
  'liveness.verdict': m('Verdict thresholds', 'The numbers the verdict compares against (spoof resistance).'),
  'liveness.verdict.maxTrajectoryRms': m(
    'Smooth nose path',
    'Largest wobble of the nose path around a smooth curve; a jumpy path is refused.',
    'share',
  ),
  'liveness.verdict.minTrajectoryPoints': m(
    'Nose positions needed',
    'The nose path needs at least this many frames to be judged.',
    'frames',
  ),
  'liveness.verdict.minRotationDeg': m(
    'Head turn needed',
    'How far the head must turn toward the target; a photo slid sideways does not turn.',
    'degrees',
  ),
  'liveness.verdict.translationYawFactor': m(
    'Cloud: sideways correction',
    "For the cloud's verdict only: the share of a sideways move subtracted from its yaw.",
    'share',
  ),
  'liveness.verdict.cameraHorizontalFovDeg': m(
    'Camera field of view',
    "The camera's horizontal field of view (most webcams 60-78), for head-pose estimation.",
    'degrees',
  ),
  'liveness.verdict.acceptLandmarkDistributionRule': m(
    'Accept the original rotation rule',
    "Also accept the original design's landmark rule as a turn. Off: it let a slide through.",
  ),
  'liveness.verdict.minParallax': m(
    '3D parallax needed',
    'How much the face must change shape as it turns; flat photos and cards read less.',
    'share of eye distance',
  ),
  'liveness.verdict.maxDescriptorDistance': m(
    'Same person',
    'Largest face-descriptor distance allowed within one visit; a swapped face reads more.',
    'distance',
  ),
  'liveness.verdict.descriptorIntervalMs': m(
    'Same-person check interval',
    'How often the face descriptor is computed while the nose moves.',
    'ms',
  ),
  'liveness.verdict.minDescriptors': m(
    'Same-person samples',
    'Descriptors needed before the same-person check can pass.',
    'samples',
  ),
  'liveness.verdict.maxSurroundMovedShare': m(
    'Surroundings moving with the face',
    'Largest share of the area around the face allowed to move with it; a hand-held screen moves its frame.',
    'share',
  ),
  'liveness.verdict.minScreenLightResponse': m(
    'Screen light reflected',
    "How much of the screen's changing colours the face must reflect; a screen held up reflects almost none. Empty: off.",
    'share',
  ),
  'liveness.verdict.observeScreenLight': m(
    'Measure screen light without enforcing',
    "With no bar set: flash the colours and record every visit's response in the results, refusing no one, to measure this kiosk's visitors before setting a bar.",
  ),
  'liveness.verdict.minLightChanges': m(
    'Colour changes needed',
    'The screen-light check judges only after the face was seen across this many colour changes.',
    'changes',
  ),
  'liveness.landmarkDistribution': m(
    'Original rotation rule',
    "Numbers of the original design's landmark rule (used only when accepted above).",
  ),
  'liveness.landmarkDistribution.bins': m('Bins', 'Bins the face points are counted in.', 'bins'),
  'liveness.landmarkDistribution.minDistance': m(
    'Minimum distance',
    'Smallest point spread counted.',
    'share',
  ),
  'liveness.landmarkDistribution.rotationThresholdDeg': m(
    'Rotation threshold',
    'Rotation the rule looks for.',
    'degrees',
  ),
  'liveness.landmarkDistribution.factorRotated': m(
    'Factor when rotated',
    'Spread factor of a turned face.',
    'factor',
  ),
  'liveness.landmarkDistribution.factorNotRotated': m(
    'Factor when not rotated',
    'Spread factor of a face looking ahead.',
    'factor',
  ),
  'liveness.challenge': m('Challenge', 'The on-screen area and the target visitors move their nose into.'),
  'liveness.challenge.areaHeightRatio': m(
    'Area height',
    'Height of the face area as a share of the picture.',
    'share',
  ),
  'liveness.challenge.areaWidthRatio': m(
    'Area width cap',
    'Largest width of the face area as a share of the picture.',
    'share',
  ),
  'liveness.challenge.areaAspectRatio': m('Area shape', 'Width of the face area over its height.', 'ratio'),
  'liveness.challenge.referenceAreaWidth': m(
    'Reference area width',
    'The sizes below are given at this area width and scale with it.',
    'px',
  ),
  'liveness.challenge.noseBoxSize': m('Target size', 'Side of the nose target.', 'px'),
  'liveness.challenge.noseMinHorizontalOffset': m(
    'Target: nearest to the middle',
    'Least sideways distance of the target from the middle of the area.',
    'px',
  ),
  'liveness.challenge.noseMaxHorizontalOffset': m(
    'Target: farthest from the middle',
    'Largest sideways distance of the target from the middle of the area.',
    'px',
  ),
  'liveness.challenge.noseMaxVerticalOffset': m(
    'Target: height range',
    'Largest distance of the target above or below the middle.',
    'px',
  ),
  'liveness.challenge.ttlMs': m('Challenge lifetime', 'A challenge not used within this time expires.', 'ms'),
  'liveness.challenge.mode': m(
    'Challenge mode',
    'original: one target. sequence: several, each shown once the previous one is reached.',
  ),
  'liveness.challenge.sequenceLength': m(
    'Targets in a sequence',
    'How many targets a sequence has.',
    'targets',
  ),
  'liveness.challenge.revealDelayMinMs': m(
    'Next target: shortest wait',
    'Least wait before the next target shows.',
    'ms',
  ),
  'liveness.challenge.revealDelayMaxMs': m(
    'Next target: longest wait',
    'Longest wait before the next target shows.',
    'ms',
  ),
  'liveness.challenge.lightStepMs': m(
    'Screen colour step',
    'During a visit the screen changes colour this often (at least 200 ms: under three flashes a second).',
    'ms',
  ),
  'liveness.challenge.sequenceMinVerticalOffset': m(
    'Sequence targets off the middle',
    'Sequence targets sit at least this far above or below the middle.',
    'px',
  ),

  lockout: m('Failure lockout', 'Pauses the kiosk after repeated failed attempts, until staff clear it.'),
  'lockout.maxFailures': m(
    'Failures before pausing',
    'Failed attempts within the window that pause the kiosk.',
    'attempts',
  ),
  'lockout.windowMs': m('Window', 'The time within which failures are counted.', 'ms'),
  'lockout.autoClearMs': m('Clears by itself after', 'Empty: only staff clear a paused kiosk.', 'ms'),

  cloud: m('Cloud re-verification', 'A second opinion from Amazon Rekognition when a network is there.'),
  'cloud.policy': m(
    'Policy',
    'off: never. advisory: record its opinion. required: a local pass also needs the cloud.',
  ),
  'cloud.region': m('AWS region', 'The Rekognition region, e.g. eu-west-1.'),
  'cloud.profile': m('AWS profile', 'The credentials profile to use. Empty: the default chain.'),
  'cloud.endpoint': m('Endpoint', 'A different Rekognition endpoint (testing). Empty: AWS.'),
  'cloud.requestTimeoutMs': m('Request timeout', 'How long one call may take.', 'ms'),
  'cloud.maxAgeMs': m('Give up after', 'Attempts not verified within this time are marked expired.', 'ms'),
  'cloud.retryBaseMs': m(
    'First retry after',
    'Wait before retrying a failed call; it doubles each time.',
    'ms',
  ),
  'cloud.retryMaxMs': m('Longest retry wait', 'The retry wait never grows beyond this.', 'ms'),
  'cloud.throttleBaseMs': m('Wait when throttled', 'Wait after AWS says to slow down.', 'ms'),
  'cloud.requiredWaitMs': m(
    'Wait for the cloud (required)',
    'Under "required", how long the visitor waits for the cloud.',
    'ms',
  ),
  'cloud.requiredFallback': m(
    'When the cloud does not answer',
    'Under "required": accept or reject the visitor when the cloud is not reached in time.',
  ),
  'cloud.purgeEvidenceAfterVerification': m(
    'Delete key frames once verified',
    'Remove the stored pictures of an attempt as soon as the cloud has verified it.',
  ),
  'cloud.jpegQuality': m('Picture quality', 'JPEG quality of the pictures sent to the cloud.', '%'),

  evidence: m('Evidence', 'Key frames of each attempt kept on the kiosk, encrypted, for review.'),
  'evidence.mode': m('Keep key frames', 'encrypted: keep them encrypted. none: keep no pictures at all.'),
  'evidence.retentionDays': m('Keep for', 'Key frames older than this are deleted.', 'days'),
  'evidence.acceptUnprotectedKey': m(
    'Accept an unprotected key',
    'Keep evidence even where the system cannot protect its key (no keyring).',
  ),

  staffPin: m(
    'Staff PIN (earlier versions)',
    'Where earlier versions kept the PIN; moved to the credentials file.',
  ),
  'staffPin.hash': m('PIN hash', 'Not used any more.'),
  'staffPin.failures': m('Wrong PINs', 'Not used any more.', 'tries'),
  'staffPin.lockouts': m('PIN lockouts', 'Not used any more.', 'lockouts'),
  'staffPin.lockedUntil': m('Locked until', 'Not used any more.', 'ms since 1970'),

  startAtLogin: m('Start at login', 'Start the kiosk when the kiosk user logs in.'),

  updates: m('Updates', 'New versions from a place staff control; off until a URL is set.'),
  'updates.url': m(
    'Update URL',
    'Where latest.yml and the packages are published (http or https). Empty: no updates.',
  ),
  'updates.checkEveryHours': m('Check every', 'How often the kiosk looks for a new version.', 'hours'),
} satisfies Record<string, SettingMeta>;

export type SettingPath = keyof typeof SETTINGS_META;

/** The zod type at `path` inside `schema`, through defaults, prefaults, optionals and nullables. */
function at(schema: z.ZodType, path: readonly string[]): z.ZodType | null {
  let current: z.ZodType = schema;
  const inner = (s: z.ZodType): z.ZodType =>
    s instanceof z.ZodDefault ||
    s instanceof z.ZodPrefault ||
    s instanceof z.ZodOptional ||
    s instanceof z.ZodNullable
      ? inner(s.unwrap() as z.ZodType)
      : s;
  for (const key of path) {
    const object = inner(current);
    if (!(object instanceof z.ZodObject)) return null;
    const child = (object.shape as Record<string, z.ZodType>)[key];
    if (!child) return null;
    current = child;
  }
  return current;
}

/**
 * Attaches SETTINGS_META to the schema's own types (zod's global registry: what `.meta()` writes),
 * so z.toJSONSchema emits them. Throws on a path the schema does not have, so the table cannot drift.
 */
export function attachSettingsMeta(schema: z.ZodType): void {
  for (const [path, meta] of Object.entries(SETTINGS_META)) {
    const type = at(schema, path.split('.'));
    if (!type) throw new Error(`settings metadata for "${path}", which the settings schema does not have`);
    z.globalRegistry.add(type, { ...meta });
  }
}

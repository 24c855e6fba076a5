import { parseArgs } from 'node:util';
import { verifyRekognitionInput } from '../liveness';
import { CliError } from './cli-error';
import { readJson } from './read-json';

export const rekognitionVerifyUsage = `liveness-kiosk rekognition-verify --input FILE [--json]
  Runs the original design's server verifier on Amazon Rekognition DetectFaces output:
  FILE holds {"challenge": {imageWidth, imageHeight, areaLeft, areaTop, areaWidth, areaHeight,
  minFaceAreaPercent, noseLeft, noseTop, noseWidth, noseHeight}, "frames": [{timestamp,
  rekMetadata: [FaceDetail]}]}. Prints {success, state, reasons}; exits 0 whether or not it passed.`;

export async function rekognitionVerifyCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { input: { type: 'string' }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.input) throw new CliError('--input FILE is required.', 2);
  const input = await readJson(values.input);
  const verdict = verifyRekognitionInput(input);
  if (!verdict.ok) throw new CliError(`${values.input}: ${verdict.error.message}`);
  const v = verdict.value;
  if (values.json) {
    out(JSON.stringify(v, null, 2));
    return;
  }
  out(
    [
      `${v.success ? 'PASS' : 'FAIL'} (stopped in the ${v.state} phase)`,
      ...v.reasons.map((r) => `  ${r.passed ? 'ok  ' : 'FAIL'} ${r.code}: ${r.message}`),
    ].join('\n'),
  );
}

/*
 * Child process for the "killed mid-verification" test: opens the queue and drains it against the
 * given endpoint until the parent kills it.
 */
import { CloudQueue } from '../../main/cloud/cloud-queue';
import { CloudSettingsSchema } from '../../main/cloud/cloud-settings';
import { CloudVerifier } from '../../main/cloud/cloud-verifier';
import { rekognitionDetector } from '../../main/cloud/rekognition-detector';
import { DEFAULT_CONFIG } from '../../main/liveness';
import { TEST_CREDENTIALS } from './rekognition-endpoint';

async function main(): Promise<void> {
  const [dir, endpoint] = process.argv.slice(2);
  const queue = await CloudQueue.open(dir!);
  const detector = rekognitionDetector({
    region: 'eu-west-1',
    endpoint: endpoint!,
    credentials: TEST_CREDENTIALS,
    requestTimeoutMs: 60_000,
  });
  const verifier = new CloudVerifier({
    settings: CloudSettingsSchema.parse({ policy: 'advisory' }),
    queue,
    detector,
    config: DEFAULT_CONFIG,
  });
  process.stdout.write('draining\n');
  await verifier.drainOnce();
  process.stdout.write('drained\n');
}

void main();

import { NETS_FOR_ANALYSIS } from '../inference/face-analyzer';
import type { InferenceService } from '../inference/inference-service';
import { readVerifiedNets } from '../inference/model-catalogue';
import { freeBytes } from './disk';
import type { SelfTestStep } from './staff-service';

/** Less free space than this fails the self-test: the journal and evidence need room. */
export const MIN_FREE_BYTES = 200 * 1024 * 1024;

import type { SelfTestStepName } from '../../preload/channels';

/**
 * One step of the staff panel's self-test: model integrity, inference on a blank frame, or disk
 * space. One at a time, so the panel can show each line as it finishes.
 */
export async function selfTestStep(
  name: SelfTestStepName,
  inference: Pick<InferenceService, 'analyze' | 'health'>,
  dataDir: string,
  modelDirectory?: string,
): Promise<SelfTestStep> {
  switch (name) {
    case 'models':
      try {
        await readVerifiedNets(NETS_FOR_ANALYSIS, modelDirectory);
        return { name, passed: true, detail: 'every weight file matches its SHA-256' };
      } catch (error) {
        return { name, passed: false, detail: String(error) };
      }
    case 'inference':
      try {
        const blank = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 4) };
        const t0 = Date.now();
        const r = await inference.analyze(blank);
        const faces = r.status === 'done' ? r.result.faces.length : -1;
        return {
          name,
          passed: faces === 0,
          detail: `${inference.health.backend ?? 'no backend'}, blank frame: ${faces} faces in ${Date.now() - t0} ms`,
        };
      } catch (error) {
        return { name, passed: false, detail: String(error) };
      }
    case 'disk': {
      const free = await freeBytes(dataDir);
      return {
        name,
        passed: free === null || free > MIN_FREE_BYTES,
        detail: free === null ? 'unknown' : `${Math.round(free / 1024 / 1024)} MiB free`,
      };
    }
  }
}

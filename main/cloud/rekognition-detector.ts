import { DetectFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import { z } from 'zod';
import { FaceDetailSchema, type FaceDetail } from '../liveness';

/*
 * Amazon Rekognition DetectFaces on image bytes (no bucket). Region, profile and endpoint come from
 * settings; credentials from the SDK's default chain (environment, shared profile, SSO, instance
 * role). Timeouts are short and the SDK retries once: the durable queue does the patient retrying,
 * with backoff measured in seconds to minutes, so a visitor is never kept waiting on the SDK.
 */

export type CloudFailureKind = 'throttled' | 'transient' | 'permanent' | 'malformed';

export class CloudCallError extends Error {
  override readonly name = 'CloudCallError';
  constructor(
    readonly kind: CloudFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface FaceDetector {
  detectFaces(jpeg: Uint8Array): Promise<FaceDetail[]>;
}

export interface RekognitionSettings {
  readonly region: string;
  /** Shared-config profile; the default chain when absent. */
  readonly profile?: string | undefined;
  /** Endpoint override (a local test endpoint, a VPC endpoint). */
  readonly endpoint?: string | undefined;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** Static credentials (tests only; production uses the default chain). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string } | undefined;
}

const ResponseSchema = z.object({ FaceDetails: z.array(FaceDetailSchema) });

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'TooManyRequestsException',
  'LimitExceededException',
]);
const PERMANENT = new Set([
  'InvalidImageFormatException',
  'ImageTooLargeException',
  'InvalidParameterException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
]);

/** Sorts an SDK failure into what the queue should do about it. */
export function classifyFailure(error: unknown): CloudCallError {
  if (error instanceof CloudCallError) return error;
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  const name = e.name ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const detail = `${name}: ${e.message ?? String(error)}`;
  if (THROTTLING.has(name) || status === 429)
    return new CloudCallError('throttled', `Rekognition is throttling (${detail})`);
  if (PERMANENT.has(name) || (status !== undefined && status >= 400 && status < 500)) {
    return new CloudCallError(
      'permanent',
      `Rekognition refused the request (${detail}); check credentials and policy`,
    );
  }
  if (name === 'SyntaxError' || /Deserializ|Unexpected token|JSON/i.test(e.message ?? '')) {
    return new CloudCallError('malformed', `Rekognition's answer could not be read (${detail})`);
  }
  return new CloudCallError('transient', `Rekognition is unreachable or failing (${detail})`);
}

export function rekognitionDetector(settings: RekognitionSettings): FaceDetector & { destroy(): void } {
  const client = new RekognitionClient({
    region: settings.region,
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // One request per call: the queue does the retrying, and only for frames without an answer, so
    // the requests an attempt costs are the ones counted.
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs ?? 3000,
      requestTimeout: settings.requestTimeoutMs ?? 8000,
      // Without this the SDK only logs a warning when the request timeout passes, and waits on.
      throwOnRequestTimeout: true,
    },
  });
  return {
    async detectFaces(jpeg) {
      let response: unknown;
      try {
        response = await client.send(new DetectFacesCommand({ Image: { Bytes: jpeg }, Attributes: ['ALL'] }));
      } catch (error) {
        throw classifyFailure(error);
      }
      const parsed = ResponseSchema.safeParse(response);
      if (!parsed.success) {
        throw new CloudCallError(
          'malformed',
          `Rekognition's answer is missing face details (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        );
      }
      return parsed.data.FaceDetails;
    },
    destroy: () => client.destroy(),
  };
}

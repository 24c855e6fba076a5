import { z } from 'zod';

/*
 * Cloud re-verification settings (the staff panel edits them; defaults keep the kiosk offline).
 */

const ms = z.number().int().positive();

/** https anywhere; http only to a loopback address. */
export function isAllowedEndpoint(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:') return true;
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const CloudSettingsSchema = z.object({
  /**
   * off: nothing leaves the kiosk. advisory: the local verdict stands; the cloud's is recorded
   * beside it. required: a local pass is final only once the cloud agrees.
   */
  policy: z.enum(['off', 'advisory', 'required']).default('off'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1')
    .default('eu-west-1'),
  /** Shared AWS config profile; absent: the SDK's default chain (environment, SSO, instance role). */
  profile: z.string().min(1).max(128).optional(),
  /**
   * Endpoint override: https (a VPC endpoint), or plain http to this machine only (the local test
   * endpoint). Face images never travel unencrypted over a network.
   */
  endpoint: z
    .url({ protocol: /^https?$/, message: 'an https:// URL (http:// only to 127.0.0.1, ::1 or localhost)' })
    .refine((url) => isAllowedEndpoint(url), {
      message: 'an https:// URL (http:// only to 127.0.0.1, ::1 or localhost)',
    })
    .optional(),
  requestTimeoutMs: ms.max(60_000).default(8000),
  /** Attempts not verified within this age are given up and recorded as expired. */
  maxAgeMs: ms.default(7 * 24 * 3600_000),
  /** Retry backoff: base doubling per failure up to the cap, with jitter; throttling starts higher. */
  retryBaseMs: ms.default(5000),
  retryMaxMs: ms.default(10 * 60_000),
  throttleBaseMs: ms.default(30_000),
  /** required: how long the visitor sees "verifying" before the fallback applies. */
  requiredWaitMs: ms.max(60_000).default(8000),
  /** required: what the visitor is told when the cloud cannot answer in time. */
  requiredFallback: z.enum(['reject', 'accept']).default('reject'),
  /** Delete the key frames once the cloud has answered (else the evidence retention applies). */
  purgeEvidenceAfterVerification: z.boolean().default(true),
  jpegQuality: z.number().int().min(30).max(100).default(80),
});

export type CloudSettings = z.output<typeof CloudSettingsSchema>;
export const DEFAULT_CLOUD_SETTINGS: CloudSettings = CloudSettingsSchema.parse({});

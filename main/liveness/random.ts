import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** Where a challenge's unpredictability comes from. */
export interface RandomSource {
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Uniform random bytes (challenge ids). */
  bytes(count: number): Uint8Array;
  /** True for the cryptographic source; false for the seeded one used by tests and replay. */
  readonly secure: boolean;
}

/**
 * The default: Web Crypto's CSPRNG (present in Node >= 20 and in Electron), so a visitor cannot
 * predict where the next target appears.
 */
export function cryptoRandom(): RandomSource {
  const crypto = globalThis.crypto;
  return {
    secure: true,
    bytes(count) {
      return crypto.getRandomValues(new Uint8Array(count));
    },
    int(min, max) {
      checkRange(min, max);
      const span = max - min + 1;
      // Rejection sampling keeps the distribution uniform for spans that do not divide 2^32.
      const limit = Math.floor(0x1_0000_0000 / span) * span;
      const word = new Uint32Array(1);
      for (;;) {
        crypto.getRandomValues(word);
        if (word[0]! < limit) return min + (word[0]! % span);
      }
    },
  };
}

/** Deterministic generator for tests and replay only: the same seed gives the same challenge. */
export function seededRandom(seed: number): RandomSource {
  const rng = xoroshiro128plus(seed | 0);
  return {
    secure: false,
    bytes(count) {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = uniformInt(rng, 0, 255);
      return out;
    },
    int(min, max) {
      checkRange(min, max);
      return uniformInt(rng, min, max);
    },
  };
}

function checkRange(min: number, max: number): void {
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new RangeError(`random range [${min}, ${max}] must be two integers with min <= max`);
  }
}

/** RFC 4122 version-4 UUID text from 16 random bytes. */
export function uuidFromBytes(b: Uint8Array): string {
  const bytes = Uint8Array.from(b.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

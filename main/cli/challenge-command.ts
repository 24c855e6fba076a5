import { parseArgs } from 'node:util';
import { createChallenge, cryptoRandom, seededRandom } from '../liveness';
import { CliError, intOption } from './cli-error';

export const challengeUsage = `liveness-kiosk challenge --width W --height H [--seed N] [--json]
  Prints a challenge's face area and nose target in camera pixels. Without --seed the target is
  drawn from the cryptographic source, as the kiosk does; with it, the same seed gives the same
  challenge (tests and replay only).`;

export function challengeCommand(argv: string[], out: (text: string) => void): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      width: { type: 'string' },
      height: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const frame = { width: intOption('width', values.width), height: intOption('height', values.height) };
  const random = values.seed === undefined ? cryptoRandom() : seededRandom(intOption('seed', values.seed));
  // A seeded challenge is a fixture, so its clock is fixed too: same seed, same JSON.
  const now = values.seed === undefined ? Date.now() : 0;
  const made = createChallenge({ frame, now, random });
  if (!made.ok) throw new CliError(made.error.message, 2);
  const c = made.value;
  if (values.json) {
    out(JSON.stringify(c, null, 2));
    return;
  }
  const box = (b: { left: number; top: number; width: number; height: number }) =>
    `left ${b.left}, top ${b.top}, ${b.width}x${b.height}`;
  out(
    [
      `Challenge ${c.id} for ${c.frame.width}x${c.frame.height} frames`,
      `  face area:   ${box(c.area)}`,
      `  nose target: ${box(c.nose)} (${c.targetSide} of centre, camera view)`,
      `  expires:     ${new Date(c.expiresAt).toISOString()}`,
    ].join('\n'),
  );
}

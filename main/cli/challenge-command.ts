import { parseArgs } from 'node:util';
import { createChallenge, cryptoRandom, resolveConfig, seededRandom } from '../liveness';
import { CliError, intOption } from './cli-error';
import { readJson } from './read-json';

export const challengeUsage = `liveness-kiosk challenge --width W --height H [--seed N] [--config FILE] [--json]
  Prints a challenge's face area and nose targets in camera pixels. Without --seed the targets are
  drawn from the cryptographic source, as the kiosk does; with it, the same seed gives the same
  challenge (tests and replay only). --config takes liveness settings as JSON, as replay does:
  {"challenge": {"mode": "sequence"}} gives a sequence of targets, each revealed in turn.`;

export async function challengeCommand(argv: string[], out: (text: string) => void): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      width: { type: 'string' },
      height: { type: 'string' },
      seed: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const frame = { width: intOption('width', values.width), height: intOption('height', values.height) };
  const random = values.seed === undefined ? cryptoRandom() : seededRandom(intOption('seed', values.seed));
  // A seeded challenge is a fixture, so its clock is fixed too: same seed, same JSON.
  const now = values.seed === undefined ? Date.now() : 0;
  const config = resolveConfig(values.config ? await readJson(values.config) : {});
  if (!config.ok) throw new CliError(config.error.message);
  const made = createChallenge({ frame, now, random, config: config.value.challenge });
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
      ...c.targets.map(
        (t, i) =>
          `  ${c.targets.length === 1 ? 'nose target:' : `target ${i + 1}:   `} ${box(t)} (${c.targetSides[i]} of centre, camera view${
            i > 0 ? `; shown ${c.revealDelaysMs[i - 1]} ms after target ${i} is reached` : ''
          })`,
      ),
      `  expires:     ${new Date(c.expiresAt).toISOString()}`,
    ].join('\n'),
  );
}

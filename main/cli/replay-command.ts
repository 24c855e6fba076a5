import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChallengeSchema, checkFrameSize, resolveConfig, type Challenge } from '../liveness';
import { InferenceService } from '../inference/inference-service';
import { openReplayClip, replayClip } from '../replay/replay-clip';
import { CliError, intOption } from './cli-error';
import { readJson } from './read-json';

export const replayUsage = `liveness-kiosk replay --clip FILE.y4m [--seed N | --challenge FILE] [--width W --height H]
                       [--config FILE] [--screen-light] [--trace] [--json]
  Runs a recorded clip through inference, the session and the verdict exactly as the kiosk does and
  prints the verdict. The challenge comes from --challenge (JSON as printed by "challenge --json"),
  or from --seed; without either it is random. --config takes liveness settings as JSON.
  --screen-light: the clip was recorded at a kiosk flashing the challenge's colour sequence from its
  first frame, so the screen-light check reads it (needs the challenge and the check on). --trace
  prints one line per frame (to stderr with --json). Exits 0 whether or not the attempt was live.`;

/** The worker bundle sits beside this CLI bundle in dist/main. */
function workerPath(): string {
  const beside = join(__dirname, 'inference-worker.js');
  if (existsSync(beside)) return beside;
  throw new CliError(`The inference worker (${beside}) is missing: run "npm run build".`);
}

export async function replayCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      clip: { type: 'string' },
      seed: { type: 'string' },
      challenge: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      config: { type: 'string' },
      'screen-light': { type: 'boolean', default: false },
      trace: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.clip) throw new CliError('--clip FILE.y4m is required.', 2);
  if (!existsSync(values.clip)) throw new CliError(`Cannot read ${values.clip}: no such file.`);
  if ((values.width === undefined) !== (values.height === undefined)) {
    throw new CliError('--width and --height go together.', 2);
  }
  if (values.seed !== undefined && values.challenge !== undefined) {
    throw new CliError('Give --seed or --challenge, not both.', 2);
  }
  const captureSize =
    values.width !== undefined
      ? { width: intOption('width', values.width), height: intOption('height', values.height) }
      : undefined;
  // A capture size the engine cannot use is a wrong command line (exit 2), as in `challenge`.
  const sizeProblem = captureSize ? checkFrameSize(captureSize) : null;
  if (sizeProblem) throw new CliError(sizeProblem.message, 2);
  const seed = values.seed === undefined ? undefined : intOption('seed', values.seed);
  let challenge: Challenge | undefined;
  if (values.challenge) {
    const parsed = ChallengeSchema.safeParse(await readJson(values.challenge));
    if (!parsed.success)
      throw new CliError(`${values.challenge} is not a challenge: ${parsed.error.issues[0]?.message ?? ''}`);
    challenge = parsed.data;
  }
  const config = resolveConfig(values.config ? await readJson(values.config) : {});
  if (!config.ok) throw new CliError(config.error.message);
  const screenLight = values['screen-light'];
  // The colours shown come from the challenge; a random one would flash colours the clip never saw.
  if (screenLight && seed === undefined && !challenge)
    throw new CliError(
      '--screen-light needs the challenge the clip answered (--seed or --challenge): its colours come from it.',
      2,
    );
  if (screenLight && config.value.verdict.minScreenLightResponse === null)
    throw new CliError(
      '--screen-light reads the screen-light check, which is off: pass --config with verdict.minScreenLightResponse set.',
      2,
    );

  // The clip is checked before inference starts: a broken file costs nothing but the message.
  try {
    await (await openReplayClip(values.clip)).close();
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }

  const trace = values.trace ? (values.json ? err : out) : null;
  const inference = new InferenceService({ workerPath: workerPath() });
  try {
    await inference.start();
    const result = await replayClip({
      clipPath: values.clip,
      inference,
      config: config.value,
      ...(challenge ? { challenge } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(captureSize ? { captureSize } : {}),
      screenLight,
      ...(trace
        ? {
            onFrame: (f) => {
              const nose = f.nose ? `(${f.nose.x.toFixed(1)},${f.nose.y.toFixed(1)})` : '-';
              const yaw = f.yaw === null ? '-' : f.yaw.toFixed(1);
              trace(
                `frame ${f.index} t=${f.timestampMs.toFixed(0)}ms phase=${f.phase} faces=${f.faces} nose=${nose} yaw=${yaw} ${f.mode} ${f.inferenceMs.toFixed(1)}ms`,
              );
            },
          }
        : {}),
    });
    if (values.json) {
      out(
        JSON.stringify(
          {
            ...result.verdict,
            challenge: result.challenge,
            clip: result.clip,
            framesAnalysed: result.framesAnalysed,
            backend: result.backend,
          },
          null,
          2,
        ),
      );
      return;
    }
    const v = result.verdict;
    out(
      [
        `${v.live ? 'LIVE' : 'NOT LIVE'} (score ${v.score}${v.failure ? `, ${v.failure}` : ''}) — ${result.framesAnalysed} frames on ${result.backend}`,
        ...v.reasons.map(
          (r) => `  ${r.passed ? 'ok  ' : r.evaluated ? 'FAIL' : '--  '} ${r.code}: ${r.message}`,
        ),
      ].join('\n'),
    );
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(error instanceof Error ? error.message : String(error));
  } finally {
    await inference.close();
  }
}

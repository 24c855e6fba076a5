import { spawn } from 'node:child_process';
import { runCli } from '../../main/cli';
import type { Verdict } from '../../main/liveness';
import { BUILT_CLI, requireBuilt } from './built';

/** Runs one command line of liveness-kiosk in-process, capturing what it prints and its exit code. */
export async function runCapturing(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** `liveness-kiosk replay --json` run by the built CLI in its own process, as a user runs it. */
export function replayWithBuiltCli(
  clip: string,
  seed: number,
  extra: readonly string[] = [],
): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      requireBuilt(BUILT_CLI),
      'replay',
      '--clip',
      clip,
      '--seed',
      String(seed),
      '--json',
      ...extra,
    ]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Verdict) : reject(new Error(err))));
  });
}

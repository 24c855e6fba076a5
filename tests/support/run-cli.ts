import { runCli } from '../../main/cli';

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

import { benchCommand, benchUsage } from './bench-command';
import { challengeCommand, challengeUsage } from './challenge-command';
import { CliError } from './cli-error';
import { rekognitionVerifyCommand, rekognitionVerifyUsage } from './rekognition-verify-command';
import { replayCommand, replayUsage } from './replay-command';
import { resetPinCommand, resetPinUsage } from './reset-pin-command';

type Command = (
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
) => void | Promise<void>;

const commands: Record<string, { run: Command; usage: string }> = {
  challenge: { run: challengeCommand, usage: challengeUsage },
  'rekognition-verify': { run: rekognitionVerifyCommand, usage: rekognitionVerifyUsage },
  replay: { run: replayCommand, usage: replayUsage },
  bench: { run: benchCommand, usage: benchUsage },
  'reset-pin': { run: resetPinCommand, usage: resetPinUsage },
};

const usage = `Usage: liveness-kiosk <command> [options]

Commands:
${Object.values(commands)
  .map((c) => c.usage)
  .join('\n\n')}

Errors go to stderr with exit code 2 (wrong command line) or 1 (anything else).`;

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(`${t}\n`),
  err: (text: string) => void = (t) => process.stderr.write(`${t}\n`),
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    err(`liveness-kiosk: unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(command.usage);
    return 0;
  }
  try {
    await command.run(rest, out, err);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      err(`liveness-kiosk ${name}: ${error.message}`);
      return error.exitCode;
    }
    // parseArgs reports unknown or malformed options with these codes.
    const code = (error as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      err(`liveness-kiosk ${name}: ${(error as Error).message}\n\n${command.usage}`);
      return 2;
    }
    err(
      `liveness-kiosk ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
}

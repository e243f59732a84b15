import { Command, CommanderError } from 'commander';
import { ApiProblemError, NetworkError } from './api/api.errors.js';
import type { CliIo } from './cli-io.js';
import { LoginRefused, registerLogin } from './commands/login.command.js';
import { PullRefused, registerPull } from './commands/pull.command.js';
import { registerUpload } from './commands/upload.command.js';
import { EXIT, UsageError, type ExitCode } from './exit-codes.js';
import { ManifestUnreadable } from './pull/pull.runner.js';

export const VERSION = '0.1.0';

/**
 * Runs one `clearframe …` invocation and resolves with its exit status; never calls
 * process.exit, so specs can run it in-process.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = new Command('clearframe')
    .description('Upload footage to Clearframe, and pull licensed orders, from a terminal.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ clearframe login --api-url https://api.example.org
  $ clearframe upload ./footage --meta footage.csv --policy policy.json
  $ clearframe pull 3f0c9a4e-8d1b-4b7a-9e2f-1c5d7a9b0e42 --out ./dataset
  $ clearframe whoami

Environment: CLEARFRAME_API_KEY and CLEARFRAME_API_URL override the stored login;
CLEARFRAME_CONFIG_DIR moves the config directory.`,
    );
  const setExit = (code: ExitCode) => {
    exitCode = code;
  };
  registerLogin(program, io, setExit);
  registerUpload(program, io, setExit);
  registerPull(program, io, setExit);
  for (const command of program.commands)
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/** Prints a failure on stderr as one sentence and picks the exit status it means. */
function reportError(error: unknown, io: CliIo): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version end the same way; commander has already printed what went wrong.
    if (
      error.code === 'commander.helpDisplayed' ||
      error.code === 'commander.version' ||
      error.code === 'commander.help'
    )
      return EXIT.ok;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (io.interrupt.aborted) {
    io.stderr.write('Interrupted.\n');
    return EXIT.interrupted;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`clearframe: ${error.message}\n`);
    return EXIT.usage;
  }
  if (
    error instanceof LoginRefused ||
    error instanceof PullRefused ||
    error instanceof ManifestUnreadable ||
    error instanceof ApiProblemError ||
    error instanceof NetworkError
  ) {
    io.stderr.write(`clearframe: ${error.message}\n`);
    return EXIT.someFailed;
  }
  io.stderr.write(
    `clearframe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.someFailed;
}

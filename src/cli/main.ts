/**
 * The `fleetcert` command line: the only place that reads process.argv and process.env.
 * Exit codes CI can trust: 0 pass, 1 failed certification or threshold, 2 bad usage or setup.
 */

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { FleetcertError, UsageError } from '../errors.js';
import { FLEETCERT_VERSION } from '../package/package-root.js';
import { escapeLines } from '../printable.js';
import { notANumberProblem } from './numeric-arguments.js';
import { registerCommands } from './register-commands.js';

/** A command line that yargs rejected (unknown option, missing argument): exit 2. */
class ArgumentsFailure extends UsageError {}

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv as string[])
    .scriptName('fleetcert')
    .usage('fleetcert <command> [options]\n\nSimulate, certify and load-test EDP/1 smart-home devices.')
    .strict()
    .demandCommand(1, 'Name a command: `fleetcert --help` lists them.')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(FLEETCERT_VERSION)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .epilogue(
      'Exit codes: 0 pass, 1 failed certification or threshold, 2 bad usage or setup.\nProtocol: docs/protocol.md; model format: docs/model-format.md.',
    )
    .fail((message, error) => {
      if (error) throw error;
      // Throw rather than return: yargs would otherwise still run the handler of a nested
      // command (`model validate`, `report verify`) with the arguments that just failed.
      throw new ArgumentsFailure(message);
    })
    .middleware((args) => {
      // Before validation, so `--runs abc` is named as typed rather than reported as NaN.
      const problem = notANumberProblem(args, argv);
      if (problem !== undefined) throw new ArgumentsFailure(problem);
    }, true)
    .middleware((args) => {
      // Every handler reports its own exit code through this setter.
      (args as { setExitCode?: (code: number) => void }).setExitCode = (code: number) => {
        exitCode = code;
      };
    });
  await registerCommands(parser, argv);
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof ArgumentsFailure) {
      process.stderr.write(`fleetcert: ${escapeLines(error.message)}\nRun with --help for usage.\n`);
      return 2;
    }
    if (error instanceof FleetcertError) {
      // Messages quote device ids, file names and file contents: control characters are escaped.
      process.stderr.write(`fleetcert: ${escapeLines(error.message)} [${error.code}]\n`);
      return error.exitCode;
    }
    process.stderr.write(
      `fleetcert: unexpected error: ${escapeLines(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    return 2;
  }
  return exitCode;
}

/** Entry point used by `bin/fleetcert.js`. */
export async function run(): Promise<void> {
  process.exitCode = await main(hideBin(process.argv));
}

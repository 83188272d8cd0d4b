/**
 * The `fleetcert` command line: the only place that reads process.argv and process.env.
 * Exit codes CI can trust: 0 pass, 1 failed certification or threshold, 2 bad usage or setup.
 */

import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { didYouMean, escapeLines, FleetcertError } from '../src/index.js';
import { ArgumentsFailure } from './arguments-failure.js';
import { colourAllowed } from './colour.js';
import { FLEETCERT_VERSION } from './edge.js';
import { addLogOptions, LOG_OPTIONS_HELP, type LogArgs, resolveLogConfig } from './log-options.js';
import { notANumberProblem } from './numeric-arguments.js';
import { registerCommands } from './register-commands.js';

export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const parser = addLogOptions(yargs(argv as string[]))
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
      `Exit codes: 0 pass, 1 failed certification or threshold, 2 bad usage or setup.\n${LOG_OPTIONS_HELP} (docs/output.md)\nProtocol: docs/protocol.md; model format: docs/model-format.md.`,
    )
    .fail((message, error) => {
      if (error instanceof ArgumentsFailure) {
        throw new ArgumentsFailure(error.message + suggestOptions(error.message, parser, argv));
      }
      if (error) throw error;
      // Throw rather than return: yargs would otherwise still run the handler of a nested
      // command (`model validate`, `report verify`) with the arguments that just failed.
      throw new ArgumentsFailure(message + suggestOptions(message, parser, argv));
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
      // The output rule, resolved once here: every command writes its logs through it.
      (args as { log?: unknown }).log = resolveLogConfig(args as LogArgs, {
        colour: colourAllowed(process.env) && process.stderr.isTTY === true,
      });
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

/**
 * "did you mean" lines for the long flags on the command line that the command being parsed
 * does not know (yargs reconfigures the one parser per command, so its options are that
 * command's). Checked whatever yargs complained of: a mistyped `--brokr` often shows first as
 * a missing required argument.
 */
function suggestOptions(message: string, parser: Argv, argv: readonly string[]): string {
  // yargs has getOptions() at run time but leaves it out of its types.
  const options = (parser as unknown as { getOptions(): YargsOptions }).getOptions();
  const known = new Set([...Object.keys(options.key), ...Object.values(options.alias).flat()]);
  const longNames = [...known].filter((name) => name.length > 1 && !/[A-Z]/.test(name));
  const lines: string[] = [];
  for (const word of argv) {
    if (word === '--') break;
    const flag = /^--([^=]+)/.exec(word)?.[1];
    if (flag === undefined || known.has(flag) || (flag.startsWith('no-') && known.has(flag.slice(3))))
      continue;
    const hint = didYouMean(flag, longNames, (name) => `--${name}`);
    const unknownSaid = new RegExp(`Unknown arguments?: .*\\b${escapeRegExp(flag)}\\b`).test(message);
    if (hint !== '')
      lines.push(`--${flag}: ${unknownSaid ? '' : 'unknown option; '}${hint.trim().replace('Did', 'did')}`);
    else if (!unknownSaid) lines.push(`--${flag}: unknown option`);
  }
  return lines.length === 0 ? '' : `\n${[...new Set(lines)].join('\n')}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface YargsOptions {
  readonly key: Readonly<Record<string, unknown>>;
  readonly alias: Readonly<Record<string, readonly string[]>>;
}

/** Entry point used by `bin/fleetcert.js`. */
export async function run(): Promise<void> {
  process.exitCode = await main(hideBin(process.argv));
}

/**
 * `fleetcert model validate FILE...`: check model files against PROTOCOL.md section 2 and list
 * every problem with its JSON path and fix (EDP-MODEL-1). Exit 0 all valid, 1 any invalid,
 * 2 a file that cannot be read or parsed.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { INPUT_LIMITS, listProblems, printable, UsageError } from '../../src/index.js';
import {
  type LoadedModel,
  loadModelFile,
  ModelFileError,
  type ModelProblem,
  ModelValidationError,
} from '../../src/model/index.js';
import { readPublishedSchema } from '../../src/schemas/index.js';
import type { CommandArgs } from '../context.js';

export type ModelFileVerdict =
  | { readonly file: string; readonly ok: true; readonly model: string; readonly sha256: string }
  | { readonly file: string; readonly ok: false; readonly problems: readonly ModelProblem[] }
  | {
      readonly file: string;
      readonly ok: false;
      readonly error: {
        readonly code: string;
        readonly message: string;
        readonly line?: number;
        readonly column?: number;
      };
    };

/** Loads one file into a verdict; only unexpected failures escape. */
export async function judgeModelFile(file: string): Promise<ModelFileVerdict> {
  let loaded: LoadedModel;
  try {
    loaded = await loadModelFile(file);
  } catch (error) {
    if (error instanceof ModelValidationError) return { file, ok: false, problems: error.problems };
    if (error instanceof ModelFileError) {
      const at = error.line === undefined ? {} : { line: error.line, column: error.column };
      return { file, ok: false, error: { code: error.code, message: error.message, ...at } };
    }
    throw error;
  }
  return { file, ok: true, model: loaded.model.model, sha256: loaded.sha256 };
}

/** 2 if any file could not be read, else 1 if any model is invalid, else 0. */
export function exitCodeOf(verdicts: readonly ModelFileVerdict[]): number {
  if (verdicts.some((v) => 'error' in v)) return 2;
  return verdicts.some((v) => !v.ok) ? 1 : 0;
}

/** The human text for one verdict (ends with a newline). */
export function formatVerdict(verdict: ModelFileVerdict): string {
  // File names, model ids and problem text come from the file: control characters are escaped.
  const file = printable(verdict.file, 500);
  if (verdict.ok)
    return `✔ ${file}: ${printable(verdict.model)} is a valid EDP/1 model (sha256 ${verdict.sha256})\n`;
  if ('error' in verdict)
    return `✘ ${verdict.error.message
      .split('\n')
      .map((line) => printable(line, 1_000))
      .join('\n')}\n`;
  const count = verdict.problems.length === 1 ? '1 problem' : `${verdict.problems.length} problems`;
  const lines = listProblems(
    verdict.problems.map(
      (p) => `  ${printable(p.path, 300)}: ${printable(p.message, 500)}\n    fix: ${printable(p.fix, 300)}\n`,
    ),
  ).map((line) => (line.endsWith('\n') ? line : `  ${line}\n`));
  return `✘ ${file}: not a valid EDP/1 model, ${count} (EDP-MODEL-1)\n${lines.join('')}`;
}

/** The JSON form of a verdict: at most INPUT_LIMITS.listedProblems problems, with the full count. */
export function verdictJson(verdict: ModelFileVerdict): unknown {
  if (!('problems' in verdict)) return verdict;
  return {
    ...verdict,
    problems: verdict.problems.slice(0, INPUT_LIMITS.listedProblems),
    problemCount: verdict.problems.length,
  };
}

interface ValidateArgs extends CommandArgs {
  readonly files?: string[];
  readonly json: boolean;
}

const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate [files..]',
  describe: 'Check model files against EDP/1 and list every problem with its JSON path and fix',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .positional('files', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Model files (JSON)',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print one JSON document instead of text',
      })
      .example('$0 model validate fixtures/models/bulb.json', 'Check one model')
      .example('$0 model validate models/*.json', 'Check many; exit 1 if any is invalid')
      .example(
        '$0 model validate --json my-device.json',
        'Machine-readable problems, each with path, message and fix',
      )
      .epilogue(
        'Exit codes: 0 every model valid, 1 a model is invalid, 2 a file cannot be read or is not JSON.\nThe model format: docs/model-format.md.',
      ) as unknown as Argv<ValidateArgs>,
  handler: async (argv: ArgumentsCamelCase<ValidateArgs>) => {
    if (argv.files === undefined || argv.files.length === 0) {
      throw new UsageError(
        'Name at least one model file, e.g. `fleetcert model validate fixtures/models/bulb.json`.',
      );
    }
    const verdicts: ModelFileVerdict[] = [];
    for (const file of argv.files) verdicts.push(await judgeModelFile(file));
    const exitCode = exitCodeOf(verdicts);
    if (argv.json) {
      process.stdout.write(
        `${JSON.stringify({ valid: exitCode === 0, results: verdicts.map(verdictJson) }, null, 2)}\n`,
      );
    } else {
      for (const verdict of verdicts)
        ('error' in verdict ? process.stderr : process.stdout).write(formatVerdict(verdict));
      if (verdicts.length > 1) {
        const valid = verdicts.filter((v) => v.ok).length;
        process.stdout.write(`${valid} of ${verdicts.length} models valid\n`);
      }
    }
    argv.setExitCode(exitCode);
  },
};

const schemaCommand: CommandModule<object, CommandArgs> = {
  command: 'schema',
  describe: 'Print the JSON Schema (draft-07) of device models, for editors and CI',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .example('$0 model schema > edp-model.schema.json', 'Save it next to your models')
      .epilogue(
        'Name it in a model with "$schema": "./edp-model.schema.json" and VS Code or JetBrains check and complete the file as you type. The schema holds shapes, formats and ranges; `fleetcert model validate` checks the rest (EDP-MODEL-1).',
      ) as unknown as Argv<CommandArgs>,
  handler: async () => {
    process.stdout.write(await readPublishedSchema('model'));
  },
};

export const modelCommand: CommandModule<object, object> = {
  command: 'model',
  describe: 'Work with device model files (validate, schema)',
  builder: (yargs) =>
    yargs
      .command(validateCommand)
      .command(schemaCommand)
      .demandCommand(1, 'Name a model command: `fleetcert model --help` lists them.'),
  handler: () => {},
};

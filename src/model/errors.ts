/** Errors of loading a model: an invalid model (EDP-MODEL-1) or a file that cannot be read as JSON. */
import { FleetcertError } from '../errors.js';
import { listProblems } from '../input-limits.js';
import { formatProblem, type ModelProblem } from './validation/problems.js';

/** The model breaks rules of PROTOCOL.md section 2; `problems` lists every one. Exit 1. */
export class ModelValidationError extends FleetcertError {
  readonly problems: readonly ModelProblem[];
  readonly file: string;

  constructor(file: string, problems: readonly ModelProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'EDP-MODEL-1',
      `${file} is not a valid EDP/1 model (${count}):\n${listProblems(problems.map((p) => `  ${formatProblem(p)}`)).join('\n')}`,
      {
        exitCode: 2, // bad input to every command; `model validate` exits 1 for it as its verdict
      },
    );
    this.file = file;
    this.problems = problems;
  }
}

/** The model file cannot be read, is not UTF-8, or is not JSON (with line and column). Exit 2. */
export class ModelFileError extends FleetcertError {
  readonly file: string;
  /** 1-based position of a JSON syntax error, when known. */
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(
    file: string,
    message: string,
    options: { line?: number; column?: number; cause?: unknown } = {},
  ) {
    super('FLEETCERT_MODEL_FILE', message, { exitCode: 2, cause: options.cause });
    this.file = file;
    this.line = options.line;
    this.column = options.column;
  }
}

/**
 * One problem of a model document (EDP-MODEL-1): where it is, what is wrong, how to fix it.
 * Validation collects every problem instead of stopping at the first.
 */
export interface ModelProblem {
  /** JSON path of the offending member, e.g. `$.services[1].properties[0].range`. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/** Collects problems in the order they are found (document order, by construction). */
export class ProblemCollector {
  readonly #problems: ModelProblem[] = [];

  add(path: string, message: string, fix: string): void {
    this.#problems.push({ path, message, fix });
  }

  addAll(problems: readonly ModelProblem[]): void {
    this.#problems.push(...problems);
  }

  get count(): number {
    return this.#problems.length;
  }

  list(): ModelProblem[] {
    return [...this.#problems];
  }
}

/** `path: message — fix`, the one-line form used in error messages. */
export function formatProblem(problem: ModelProblem): string {
  return `${problem.path}: ${problem.message} — ${problem.fix}`;
}

/**
 * Collects every problem of a scenario with its JSON path and the fix, so one run of the
 * validator tells the user everything (as EDP-MODEL-1 does for models).
 */
import { DURATION_HINT, parseDuration, parseRate, RATE_HINT, typeName } from './quantities.js';
import { jsonPath, keysUnder, schemaPath } from './schema.js';

export interface ScenarioProblem {
  /** JSON path, e.g. `$.stages[1].hold`. */
  readonly path: string;
  readonly problem: string;
  readonly fix: string;
}

export type Segments = readonly (string | number)[];

export class ProblemList {
  readonly problems: ScenarioProblem[] = [];

  add(at: Segments, problem: string, fix: string): void {
    this.problems.push({ path: jsonPath(at), problem, fix });
  }

  /** An object at `at`, or undefined (with a problem) when `value` is not one. */
  object(value: unknown, at: Segments, what: string): Record<string, unknown> | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      this.unknownKeys(value as Record<string, unknown>, at);
      return value as Record<string, unknown>;
    }
    this.add(
      at,
      `${what} must be an object, got ${typeName(value)}`,
      `write ${what} as a mapping of keys to values`,
    );
    return undefined;
  }

  /** Unknown keys are typos more often than not: name them with the keys that are valid there. */
  unknownKeys(object: Record<string, unknown>, at: Segments): void {
    const valid = keysUnder(schemaPath(at));
    for (const key of Object.keys(object)) {
      if (!valid.includes(key)) {
        this.add([...at, key], `unknown key "${key}"`, `use one of: ${valid.join(', ')} (or remove it)`);
      }
    }
  }

  string(value: unknown, at: Segments, options: { pattern?: RegExp; fix?: string } = {}): string | undefined {
    if (typeof value !== 'string' || value === '') {
      this.add(
        at,
        `expected a non-empty string, got ${typeName(value)}`,
        options.fix ?? 'write a non-empty string',
      );
      return undefined;
    }
    if (options.pattern && !options.pattern.test(value)) {
      this.add(at, `"${value}" does not match ${options.pattern}`, options.fix ?? `match ${options.pattern}`);
      return undefined;
    }
    return value;
  }

  integer(value: unknown, at: Segments, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(
        at,
        `expected a whole number from ${min} to ${max}, got ${typeName(value)}`,
        `write a whole number in ${min}..${max}`,
      );
      return undefined;
    }
    return value;
  }

  number(value: unknown, at: Segments, min: number): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      this.add(
        at,
        `expected a number of at least ${min}, got ${typeName(value)}`,
        `write a number >= ${min}`,
      );
      return undefined;
    }
    return value;
  }

  boolean(value: unknown, at: Segments): boolean | undefined {
    if (typeof value !== 'boolean') {
      this.add(at, `expected true or false, got ${typeName(value)}`, 'write true or false');
      return undefined;
    }
    return value;
  }

  duration(value: unknown, at: Segments, minMs = 0, why = ''): number | undefined {
    const parsed = parseDuration(value);
    if (!parsed.ok) {
      this.add(at, parsed.problem, `write ${DURATION_HINT}`);
      return undefined;
    }
    if (parsed.value < minMs) {
      this.add(
        at,
        `${String(value)} is shorter than ${minMs}ms${why}`,
        `write a duration of at least ${minMs}ms`,
      );
      return undefined;
    }
    return parsed.value;
  }

  rate(value: unknown, at: Segments, options: { positive?: boolean } = {}): number | undefined {
    const parsed = parseRate(value);
    if (!parsed.ok) {
      this.add(at, parsed.problem, `write ${RATE_HINT}`);
      return undefined;
    }
    if (options.positive && parsed.value <= 0) {
      this.add(at, `the rate must be above zero, got ${String(value)}`, `write ${RATE_HINT} above zero`);
      return undefined;
    }
    return parsed.value;
  }
}

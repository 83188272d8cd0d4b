/**
 * Quantities written in scenarios, thresholds and on the command line: durations (`30s`,
 * `250ms`, `2m`, `1h`), rates (`500/s`, `30/m`) and shares (`0.1%`). Each parser returns the
 * number or a sentence saying what was wrong, so a caller can attach the JSON path.
 */

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

const DURATION_UNITS: Readonly<Record<string, number>> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)\s*(us|ms|s|m|h)$/;
const RATE_UNITS: Readonly<Record<string, number>> = { s: 1, m: 1 / 60, h: 1 / 3600 };
const RATE_PATTERN = /^(\d+(?:\.\d+)?)\s*\/\s*(s|m|h)$/;
const PERCENT_PATTERN = /^(\d+(?:\.\d+)?)\s*%$/;

export const DURATION_HINT = 'a duration such as 250ms, 30s, 2m or 1h (a bare number means milliseconds)';
export const RATE_HINT = 'a rate such as 500/s or 30/m (a bare number means per second)';

/** Milliseconds from `30s`, `250ms`, `1.5m`…; a non-negative number means milliseconds. */
export function parseDuration(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0
      ? { ok: true, value: input }
      : { ok: false, problem: `${input} is not a duration` };
  }
  if (typeof input !== 'string')
    return { ok: false, problem: `expected ${DURATION_HINT}, got ${typeName(input)}` };
  const match = DURATION_PATTERN.exec(input.trim());
  if (!match) return { ok: false, problem: `"${input}" is not a duration` };
  return { ok: true, value: Number(match[1]) * (DURATION_UNITS[match[2] as string] as number) };
}

/** Events per second from `500/s`, `30/m`…; a non-negative number means per second. */
export function parseRate(input: unknown): Parsed<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0
      ? { ok: true, value: input }
      : { ok: false, problem: `${input} is not a rate` };
  }
  if (typeof input !== 'string')
    return { ok: false, problem: `expected ${RATE_HINT}, got ${typeName(input)}` };
  const match = RATE_PATTERN.exec(input.trim());
  if (!match) return { ok: false, problem: `"${input}" is not a rate` };
  return { ok: true, value: Number(match[1]) * (RATE_UNITS[match[2] as string] as number) };
}

/** A fraction in 0..1 from `12.5%`. */
export function parsePercent(input: string): Parsed<number> {
  const match = PERCENT_PATTERN.exec(input.trim());
  if (!match) return { ok: false, problem: `"${input}" is not a percentage such as 0.1%` };
  return { ok: true, value: Number(match[1]) / 100 };
}

/** `1500` → `1.5s`, `250` → `250ms`: the shortest exact spelling, for messages and reports. */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000) return `${trim(ms / 1000)}s`;
  if (ms >= 1) return `${trim(ms)}ms`;
  return `${trim(ms * 1000)}us`;
}

export function formatRate(perSecond: number): string {
  return `${perSecond >= 100 ? Math.round(perSecond) : Number(perSecond.toFixed(2))}/s`;
}

function trim(value: number): string {
  return String(Number(value.toFixed(3)));
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

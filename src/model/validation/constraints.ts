/**
 * Checks of a property's value constraints: `range`, `values` and `maxLength`
 * (PROTOCOL.md section 2, EDP-MODEL-1).
 */
import { FORMATS, fitsStep, INTEGER_LIMITS, isIntegerFormat, isNumericFormat } from '../formats.js';
import type { Format } from '../types.js';
import { DEFAULT_MAX_LENGTH } from '../types.js';
import { sameValue, valueProblem } from '../values.js';
import { isObject, kindOf, show } from './json.js';
import type { ProblemCollector } from './problems.js';

const NUMERIC_FORMATS = FORMATS.filter(isNumericFormat).join(', ');

export function checkRange(
  range: unknown,
  format: Format | undefined,
  path: string,
  problems: ProblemCollector,
): void {
  if (format !== undefined && !isNumericFormat(format)) {
    problems.add(
      path,
      `range is only for numeric formats, and this property's format is ${format}`,
      `Remove range, or use a numeric format (${NUMERIC_FORMATS}).`,
    );
    return;
  }
  if (!Array.isArray(range) || range.length !== 3) {
    problems.add(
      path,
      `range must be an array of three numbers [min, max, step], got ${kindOf(range)}`,
      'Write range as [min, max, step], e.g. [0, 100, 1].',
    );
    return;
  }
  const labels = ['min', 'max', 'step'] as const;
  let numbers = true;
  range.forEach((item, i) => {
    if (typeof item !== 'number' || !Number.isFinite(item)) {
      problems.add(
        `${path}[${i}]`,
        `${labels[i]} must be a finite number, got ${kindOf(item)}`,
        `Give ${labels[i]} as a JSON number.`,
      );
      numbers = false;
    }
  });
  if (!numbers) return;
  const [min, max, step] = range as [number, number, number];
  let sound = true;
  if (step <= 0) {
    problems.add(
      `${path}[2]`,
      `step must be greater than 0, got ${step}`,
      'Use a positive step, e.g. 1 for whole numbers or 0.1 for tenths.',
    );
    sound = false;
  }
  if (min > max) {
    problems.add(
      path,
      `min ${min} is greater than max ${max}`,
      'Swap min and max, or correct one of them: range is [min, max, step].',
    );
    sound = false;
  }
  if (format !== undefined && isIntegerFormat(format)) {
    const [lo, hi] = INTEGER_LIMITS[format];
    range.forEach((item: number, i) => {
      if (!Number.isInteger(item)) {
        problems.add(
          `${path}[${i}]`,
          `${labels[i]} ${item} is not a whole number, but format ${format} holds only whole numbers`,
          `Use a whole ${labels[i]}, or format float.`,
        );
        sound = false;
      } else if (i < 2 && (item < lo || item > hi)) {
        problems.add(
          `${path}[${i}]`,
          `${labels[i]} ${item} is outside the limits of ${format} (${lo}..${hi})`,
          `Keep min and max within ${lo}..${hi}, or use a wider format.`,
        );
        sound = false;
      }
    });
  }
  if (sound && !fitsStep(max, min, step)) {
    problems.add(
      path,
      `max − min (${max} − ${min}) is not a whole multiple of step ${step}`,
      `Choose max = min + n × step for a whole n, e.g. max ${alignedMax(min, max, step)}.`,
    );
  }
}

function alignedMax(min: number, max: number, step: number): number {
  const n = Math.floor((max - min) / step + 1e-9);
  return Number((min + n * step).toPrecision(12));
}

export function checkValues(
  values: unknown,
  format: Format | undefined,
  maxLength: number | undefined,
  path: string,
  problems: ProblemCollector,
): void {
  if (!Array.isArray(values) || values.length === 0) {
    problems.add(
      path,
      `values must be a non-empty array of { "value", "description" } items, got ${Array.isArray(values) ? 'an empty array' : kindOf(values)}`,
      'List every allowed value, e.g. [{ "value": 0, "description": "normal" }], or remove values.',
    );
    return;
  }
  const seen: unknown[] = [];
  values.forEach((item, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(item)) {
      problems.add(
        at,
        `each entry of values must be an object { "value", "description" }, got ${kindOf(item)}`,
        'Write the entry as { "value": V, "description": "what V means" }.',
      );
      return;
    }
    const { value, description } = item;
    if (!('value' in item)) {
      problems.add(at, 'value is missing', 'Give the allowed value as "value".');
    } else if (format !== undefined) {
      const problem = valueProblem(
        { piid: 1, name: '', format, access: ['read'], maxLength: maxLength ?? DEFAULT_MAX_LENGTH },
        value,
      );
      if (problem !== undefined) {
        problems.add(
          `${at}.value`,
          `${show(value)} is not a valid ${format}: ${problem}`,
          `Use a value of format ${format}.`,
        );
      } else if (seen.some((other) => sameValue(other, value))) {
        problems.add(
          `${at}.value`,
          `${show(value)} is listed more than once`,
          'List each allowed value once.',
        );
      }
      seen.push(value);
    }
    if (typeof description !== 'string') {
      problems.add(
        `${at}.description`,
        `description must be a string, got ${kindOf(description)}`,
        `Say what the value means, e.g. "description": "night".`,
      );
    }
  });
}

/** Returns the sound maxLength (or undefined) after checking it. */
export function checkMaxLength(
  maxLength: unknown,
  format: Format | undefined,
  path: string,
  problems: ProblemCollector,
): number | undefined {
  let sound = true;
  if (format !== undefined && format !== 'string') {
    problems.add(
      path,
      `maxLength is only for strings, and this property's format is ${format}`,
      'Remove maxLength, or use format string.',
    );
    sound = false;
  }
  if (typeof maxLength !== 'number' || !Number.isInteger(maxLength) || maxLength < 1) {
    problems.add(
      path,
      `maxLength must be a whole number of at least 1, got ${kindOf(maxLength)}`,
      `Give the longest allowed string in Unicode code points, e.g. 64 (the default is ${DEFAULT_MAX_LENGTH}).`,
    );
    sound = false;
  }
  return sound ? (maxLength as number) : undefined;
}

import type { Format } from './types.js';

export const FORMATS: readonly Format[] = [
  'bool',
  'uint8',
  'uint16',
  'uint32',
  'int8',
  'int16',
  'int32',
  'float',
  'string',
];

export type NumericFormat = Exclude<Format, 'bool' | 'string'>;
export type IntegerFormat = Exclude<NumericFormat, 'float'>;

export const INTEGER_LIMITS: Readonly<Record<IntegerFormat, readonly [number, number]>> = {
  uint8: [0, 255],
  uint16: [0, 65_535],
  uint32: [0, 4_294_967_295],
  int8: [-128, 127],
  int16: [-32_768, 32_767],
  int32: [-2_147_483_648, 2_147_483_647],
};

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

export function isNumericFormat(format: Format): format is NumericFormat {
  return format !== 'bool' && format !== 'string';
}

export function isIntegerFormat(format: Format): format is IntegerFormat {
  return isNumericFormat(format) && format !== 'float';
}

/** The tolerance of the step rule (PROTOCOL.md section 2). */
export const STEP_TOLERANCE = 1e-9;

export function fitsStep(value: number, min: number, step: number): boolean {
  const offset = value - min;
  return Math.abs(offset - step * Math.round(offset / step)) <= STEP_TOLERANCE;
}

/** Length of a string in Unicode code points, as `maxLength` counts it. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

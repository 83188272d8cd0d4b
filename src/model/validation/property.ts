/**
 * A property's own definition (PROTOCOL.md section 2, EDP-MODEL-1): id, name, format, access,
 * range / values / maxLength, volatile. Cross-references (`when`) are checked in guard.ts once
 * every property of the service is known.
 */
import { FORMATS, isFormat } from '../formats.js';
import type { Access, Format, PropertySpec } from '../types.js';
import { checkMaxLength, checkRange, checkValues } from './constraints.js';
import { idProblem, isId, isNonEmptyString, isObject, type JsonObject, kindOf, show } from './json.js';
import { type ModelProblem, ProblemCollector } from './problems.js';

export const ACCESS_WORDS: readonly Access[] = ['read', 'write', 'notify'];

/** What the rest of the service may rely on about one property. */
export interface PropertyAnalysis {
  readonly path: string;
  readonly raw: JsonObject | undefined;
  /** Set when the piid is a valid id. */
  readonly piid: number | undefined;
  /** Set when `access` is sound. */
  readonly access: readonly Access[] | undefined;
  readonly volatile: boolean;
  /** Set only when the whole definition is sound, so value checks against it are meaningful. */
  readonly spec: PropertySpec | undefined;
  readonly problems: readonly ModelProblem[];
}

export function analyseProperty(raw: unknown, path: string): PropertyAnalysis {
  const problems = new ProblemCollector();
  if (!isObject(raw)) {
    problems.add(
      path,
      `a property must be an object, got ${kindOf(raw)}`,
      'Write the property as { "piid", "name", "format", "access", … }.',
    );
    return {
      path,
      raw: undefined,
      piid: undefined,
      access: undefined,
      volatile: false,
      spec: undefined,
      problems: problems.list(),
    };
  }
  const piid = isId(raw.piid) ? raw.piid : undefined;
  if (piid === undefined)
    problems.add(
      `${path}.piid`,
      idProblem('piid', raw.piid),
      'Give the property a piid from 1 to 65535, unique in its service.',
    );
  if (!isNonEmptyString(raw.name)) {
    problems.add(
      `${path}.name`,
      `name must be a non-empty string, got ${kindOf(raw.name)}`,
      'Name the property, e.g. "brightness".',
    );
  }
  const format: Format | undefined = isFormat(raw.format) ? raw.format : undefined;
  if (format === undefined) {
    problems.add(
      `${path}.format`,
      raw.format === undefined ? 'format is missing' : `format ${show(raw.format)} is not an EDP/1 format`,
      `Use one of ${FORMATS.join(', ')}.`,
    );
  }
  const access = checkAccess(raw.access, `${path}.access`, problems);

  let maxLength: number | undefined;
  if (raw.maxLength !== undefined)
    maxLength = checkMaxLength(raw.maxLength, format, `${path}.maxLength`, problems);
  if (raw.range !== undefined && raw.values !== undefined) {
    problems.add(
      path,
      'a property has range or values, not both',
      'Keep range for a stepped interval, or values for an enumeration; remove the other.',
    );
  }
  if (raw.range !== undefined) checkRange(raw.range, format, `${path}.range`, problems);
  if (raw.values !== undefined) checkValues(raw.values, format, maxLength, `${path}.values`, problems);

  if (raw.volatile !== undefined && typeof raw.volatile !== 'boolean') {
    problems.add(
      `${path}.volatile`,
      `volatile must be true or false, got ${kindOf(raw.volatile)}`,
      'Write "volatile": true for a value the device changes by itself, or leave it out.',
    );
  }
  const volatile = raw.volatile === true;
  const sound = problems.count === 0;
  return {
    path,
    raw,
    piid,
    access,
    volatile,
    spec: sound ? (raw as unknown as PropertySpec) : undefined,
    problems: problems.list(),
  };
}

function checkAccess(
  access: unknown,
  path: string,
  problems: ProblemCollector,
): readonly Access[] | undefined {
  const fix =
    'Give a non-empty list drawn from "read", "write", "notify", each once, e.g. ["read", "notify"].';
  if (!Array.isArray(access) || access.length === 0) {
    const got = Array.isArray(access) ? 'an empty array' : access === undefined ? 'nothing' : kindOf(access);
    problems.add(path, `access must be a non-empty array of "read", "write" and "notify", got ${got}`, fix);
    return undefined;
  }
  const before = problems.count;
  access.forEach((word, i) => {
    if (!(ACCESS_WORDS as readonly unknown[]).includes(word)) {
      problems.add(`${path}[${i}]`, `${show(word)} is not an access word`, fix);
    } else if (access.indexOf(word) !== i) {
      problems.add(`${path}[${i}]`, `${show(word)} is listed more than once`, fix);
    }
  });
  return problems.count === before ? (access as Access[]) : undefined;
}

export function canRead(property: PropertyAnalysis): boolean {
  return property.access?.includes('read') ?? false;
}

export function canWrite(property: PropertyAnalysis): boolean {
  return property.access?.includes('write') ?? false;
}

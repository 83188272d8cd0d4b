/**
 * Action effects (PROTOCOL.md section 2): set (a value, or an `in` item), toggle, add, emit.
 * Effects ignore `access` and `when` of what they change, so neither is checked here.
 */
import { fitsStep, isNumericFormat } from '../formats.js';
import { valueProblem } from '../values.js';
import { idProblem, isId, isObject, kindOf, show } from './json.js';
import type { ProblemCollector } from './problems.js';
import { resolvePiid, type ServiceScope, serviceLabel } from './scope.js';
import { subsetProblem } from './value-subset.js';

export const EFFECT_OPS = ['set', 'toggle', 'add', 'emit'] as const;

/** `inPiids` is the action's `in` list when it is sound, else undefined (index checks skipped). */
export function checkEffect(
  effect: unknown,
  path: string,
  scope: ServiceScope,
  inPiids: readonly number[] | undefined,
  problems: ProblemCollector,
): void {
  if (!isObject(effect)) {
    problems.add(
      path,
      `an effect must be an object with an "op", got ${kindOf(effect)}`,
      'Write the effect as e.g. { "op": "toggle", "piid": 1 }.',
    );
    return;
  }
  switch (effect.op) {
    case 'set':
      checkSet(effect, path, scope, inPiids, problems);
      return;
    case 'toggle': {
      const target = resolvePiid(effect.piid, `${path}.piid`, scope, problems, 'piid');
      if (target?.spec !== undefined && target.spec.format !== 'bool') {
        problems.add(
          `${path}.piid`,
          `toggle needs a bool property, and property ${target.piid} is ${target.spec.format}`,
          'Toggle a bool property, or use "set" or "add".',
        );
      } else if (target?.spec?.values !== undefined && target.spec.values.length < 2) {
        // Effect results must be valid values too (section 2): toggling an enumeration of one flips out of it.
        problems.add(
          `${path}.piid`,
          `toggle would give a value property ${target.piid} does not list (its values allow only ${JSON.stringify(target.spec.values[0]?.value)})`,
          `List both true and false in property ${target.piid}'s values, or use "set".`,
        );
      }
      return;
    }
    case 'add':
      checkAdd(effect, path, scope, problems);
      return;
    case 'emit':
      if (!isId(effect.eiid)) {
        problems.add(
          `${path}.eiid`,
          idProblem('eiid', effect.eiid),
          `Name an event of ${serviceLabel(scope)} by its eiid.`,
        );
      } else if (!scope.eventIds.has(effect.eiid)) {
        problems.add(
          `${path}.eiid`,
          `${serviceLabel(scope)} has no event with eiid ${effect.eiid}`,
          `Emit an event declared in ${serviceLabel(scope)}, or declare event ${effect.eiid} there.`,
        );
      }
      return;
    default:
      problems.add(
        `${path}.op`,
        effect.op === undefined ? 'op is missing' : `${show(effect.op)} is not an effect op`,
        `Use one of ${EFFECT_OPS.map((op) => `"${op}"`).join(', ')}.`,
      );
  }
}

function checkSet(
  effect: Readonly<Record<string, unknown>>,
  path: string,
  scope: ServiceScope,
  inPiids: readonly number[] | undefined,
  problems: ProblemCollector,
): void {
  const target = resolvePiid(effect.piid, `${path}.piid`, scope, problems, 'piid');
  const hasValue = 'value' in effect;
  const hasFrom = effect.from !== undefined;
  if (hasValue === hasFrom) {
    problems.add(
      path,
      hasValue
        ? 'a set effect has "value" or "from", not both'
        : 'a set effect needs "value", or "from": "in" with an "index"',
      'Write { "op": "set", "piid": P, "value": V } or { "op": "set", "piid": P, "from": "in", "index": I }.',
    );
    return;
  }
  if (hasValue) {
    if (target?.spec === undefined) return;
    const problem = valueProblem(target.spec, effect.value);
    if (problem !== undefined) {
      problems.add(
        `${path}.value`,
        `${show(effect.value)} is not a valid value of property ${target.piid}: ${problem}`,
        `Set a value valid for property ${target.piid}.`,
      );
    }
    return;
  }
  if (effect.from !== 'in') {
    problems.add(
      `${path}.from`,
      `from must be "in", got ${kindOf(effect.from)}`,
      'Write "from": "in" to copy an action parameter.',
    );
    return;
  }
  const index = effect.index;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
    problems.add(
      `${path}.index`,
      `index must be a whole number from 0, got ${kindOf(index)}`,
      'Give the position of the in item, counting from 0.',
    );
    return;
  }
  if (inPiids === undefined) return;
  if (index >= inPiids.length) {
    const fix =
      inPiids.length === 0
        ? 'The action has no in parameters: add one to in, or set a fixed "value".'
        : `Use an index from 0 to ${inPiids.length - 1}, or add the parameter to in.`;
    problems.add(
      `${path}.index`,
      `index ${index} is past the end of the action's in list (${inPiids.length} items)`,
      fix,
    );
    return;
  }
  const source = scope.properties.get(inPiids[index]!);
  if (target?.spec === undefined || source?.spec === undefined) return;
  const problem = subsetProblem(source.spec, target.spec);
  if (problem !== undefined) {
    problems.add(
      path,
      `in[${index}] (property ${source.piid}) may hold values property ${target.piid} cannot: ${problem}`,
      `Give property ${source.piid} the same or narrower format, range and values as property ${target.piid}.`,
    );
  }
}

function checkAdd(
  effect: Readonly<Record<string, unknown>>,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
): void {
  const target = resolvePiid(effect.piid, `${path}.piid`, scope, problems, 'piid');
  const range = target?.spec?.range;
  if (target?.spec !== undefined && range === undefined) {
    const numeric = isNumericFormat(target.spec.format);
    problems.add(
      `${path}.piid`,
      numeric
        ? `add needs a property with a range, and property ${target.piid} has none`
        : `add needs a numeric property with a range, and property ${target.piid} is ${target.spec.format}`,
      numeric
        ? `Give property ${target.piid} a range [min, max, step], or use "set".`
        : `Add to a numeric property with a range, or use ${target.spec.format === 'bool' ? '"toggle"' : '"set"'}.`,
    );
  }
  const by = effect.by;
  if (typeof by !== 'number' || !Number.isFinite(by) || by === 0) {
    problems.add(
      `${path}.by`,
      `by must be a non-zero number, got ${kindOf(by)}`,
      'Give the amount to add, e.g. 10 or -10.',
    );
  } else if (range !== undefined && !fitsStep(by, 0, range[2])) {
    problems.add(
      `${path}.by`,
      `by ${by} is not a whole multiple of property ${target?.piid}'s step ${range[2]}`,
      `Use a multiple of ${range[2]}.`,
    );
  }
  if (effect.overflow !== 'clamp' && effect.overflow !== 'wrap') {
    problems.add(
      `${path}.overflow`,
      effect.overflow === undefined
        ? 'overflow is missing'
        : `overflow must be "clamp" or "wrap", got ${kindOf(effect.overflow)}`,
      'Write "overflow": "clamp" to stop at min/max, or "wrap" to go round.',
    );
  }
}

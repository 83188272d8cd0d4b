/**
 * Issue 18, item 4: for ANY valid model, the enumerated cases hold one invalid value per
 * constraint of every writable property and every action argument, and each value breaks that
 * constraint and (where the model leaves room) nothing else. "Breaks" is decided here by an
 * independent reading of PROTOCOL.md section 2, not by the model's own validity function.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PropertySpec } from '../../src/model/types.js';
import { fixtureIndex } from '../../test/support/conformance/fixture-models.js';
import { deviceModel, propertySpec } from '../../test/support/src/model/index.js';
import { indexModel } from '../judge/model-index.js';
import { invalidWriteCases, invalidWriteItems } from './constraint-cases.js';
import { type Constraint, constraintViolations, LONGEST_TOO_LONG } from './constraint-violations.js';
import { invalidArgumentCalls, invalidShapeCalls } from './invalid-in.js';

// Section 2, read afresh: the integer formats' limits, the step tolerance, the default maxLength.
const LIMITS: Record<string, [number, number]> = {
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};
const integer = (spec: PropertySpec) => spec.format in LIMITS;

/** Every constraint of section 2 that `value` (absent: `present` false) breaks for `spec`. */
function broken(spec: PropertySpec, present: boolean, value: unknown): Set<Constraint> {
  if (!present) return new Set(['missing']);
  const out = new Set<Constraint>();
  const number = typeof value === 'number' && Number.isFinite(value);
  const typed =
    spec.format === 'bool'
      ? typeof value === 'boolean'
      : spec.format === 'string'
        ? typeof value === 'string'
        : number;
  if (!typed) return new Set(['type']);
  if (typeof value === 'number') {
    const limits = LIMITS[spec.format];
    if (limits !== undefined) {
      if (!Number.isInteger(value)) out.add('fraction');
      if (value < limits[0] || value > limits[1]) out.add('limits');
    }
    if (spec.range !== undefined) {
      const [min, max, step] = spec.range;
      if (value < min) out.add('min');
      if (value > max) out.add('max');
      const offset = value - min;
      if (Math.abs(offset - step * Math.round(offset / step)) > 1e-9) out.add('step');
    }
  }
  if (typeof value === 'string' && [...value].length > (spec.maxLength ?? 255)) out.add('maxLength');
  if (spec.values !== undefined && !spec.values.some((v) => v.value === value)) out.add('values');
  return out;
}

/** The constraints a property has that some JSON value can break alone or nearly so. */
function constraintsOf(spec: PropertySpec): Constraint[] {
  const out: Constraint[] = ['missing', 'type'];
  if (integer(spec)) out.push('fraction', 'limits');
  if (spec.range !== undefined) {
    const [min, max, step] = spec.range;
    out.push('min', 'max');
    if (max > min && step > 2e-9) out.push('step');
  }
  if (spec.values !== undefined && (spec.format !== 'bool' || spec.values.length < 2)) out.push('values');
  if (spec.format === 'string' && (spec.maxLength ?? 255) < LONGEST_TOO_LONG) out.push('maxLength');
  return out;
}

/** What else a value breaking `target` must break too, given the model (nothing, where it leaves room). */
function unavoidable(spec: PropertySpec, target: Constraint): Constraint[] {
  const range = spec.range;
  const limits = LIMITS[spec.format];
  switch (target) {
    case 'fraction':
      return [
        'values',
        ...(range !== undefined ? (['step'] as const) : []),
        ...(range !== undefined && range[0] === range[1] ? (['min', 'max'] as const) : []),
      ];
    case 'limits':
      return ['min', 'max', 'step', 'values'];
    case 'min':
      return limits !== undefined && range !== undefined && range[0] - range[2] < limits[0]
        ? ['step', 'limits']
        : [];
    case 'max':
      return limits !== undefined && range !== undefined && range[1] + range[2] > limits[1]
        ? ['step', 'limits']
        : [];
    case 'step':
      return integer(spec) && range !== undefined && range[2] < 2 ? ['fraction'] : [];
    case 'maxLength':
      return ['values'];
    default:
      return [];
  }
}

function expectBreaksExactly(spec: PropertySpec, target: Constraint, present: boolean, value: unknown): void {
  const got = broken(spec, present, value);
  expect(got.has(target), `${JSON.stringify(value)} should break ${target} of ${JSON.stringify(spec)}`).toBe(
    true,
  );
  const extra = [...got].filter((c) => c !== target && !unavoidable(spec, target).includes(c));
  expect(extra, `${JSON.stringify(value)} breaks more than ${target} of ${JSON.stringify(spec)}`).toEqual([]);
  if (present) expect(JSON.parse(JSON.stringify(value))).toEqual(value);
}

describe('one invalid value per constraint (issue 18)', () => {
  it('for any property: every constraint it has, each value breaking exactly that one', () => {
    fc.assert(
      fc.property(propertySpec(1), (spec) => {
        const cases = constraintViolations(spec);
        expect(new Set(cases.map((c) => c.constraint))).toEqual(new Set(constraintsOf(spec)));
        for (const c of cases) expectBreaksExactly(spec, c.constraint, c.missing !== true, c.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('for any model: every writable property is written each of its constraints, in batches of at most 16', () => {
    fc.assert(
      fc.property(deviceModel(), (model) => {
        const index = indexModel(model);
        const items = invalidWriteItems(index);
        for (const p of index.properties) {
          const mine = items.filter((i) => i.spec.item.siid === p.siid && i.spec.item.piid === p.piid);
          if (!p.writable) {
            expect(mine).toEqual([]);
            continue;
          }
          expect(new Set(mine.map((i) => i.constraint))).toEqual(new Set(constraintsOf(p.spec)));
          for (const i of mine)
            expectBreaksExactly(p.spec, i.constraint, Object.hasOwn(i.spec.item, 'value'), i.spec.item.value);
        }
        const batches = invalidWriteCases(index);
        const sent = batches.flatMap((c) => {
          const [command] = fc.sample(c.command, 1) as unknown as Array<{ items: unknown[] }>;
          expect(command?.items.length).toBeLessThanOrEqual(16);
          return command?.items ?? [];
        });
        expect(sent.length).toBe(items.length);
      }),
      { numRuns: 300 },
    );
  });

  it('for any model: each action argument gets a call per constraint, the other arguments valid', () => {
    fc.assert(
      fc.property(deviceModel(), fc.integer(), (model, seed) => {
        const index = indexModel(model);
        for (const action of index.actions) {
          action.spec.in.forEach((piid, k) => {
            const spec = index.property(action.siid, piid)?.spec as PropertySpec;
            const calls = invalidArgumentCalls(index, action, k);
            expect(new Set(calls.map((c) => c.constraint))).toEqual(new Set(constraintsOf(spec)));
            for (const c of calls) {
              const [call] = fc.sample(c.call, { seed, numRuns: 1 });
              const input = call?.params.in as Array<{ piid: number; value?: unknown }>;
              expect(input.map((i) => i.piid)).toEqual(action.spec.in);
              input.forEach((item, j) => {
                const argSpec = index.property(action.siid, item.piid)?.spec as PropertySpec;
                if (j === k)
                  expectBreaksExactly(
                    argSpec,
                    c.constraint as Constraint,
                    Object.hasOwn(item, 'value'),
                    item.value,
                  );
                else expect(broken(argSpec, Object.hasOwn(item, 'value'), item.value)).toEqual(new Set());
              });
            }
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('for any model: every call of a wrong shape breaks count, piids or order of `in` (section 2)', () => {
    fc.assert(
      fc.property(deviceModel(), fc.integer(), (model, seed) => {
        const index = indexModel(model);
        for (const action of index.actions) {
          const names = invalidShapeCalls(index, action).map((c) => c.name);
          if (action.spec.in.length > 0) {
            expect(names).toContain('one item short');
            expect(names.some((n) => n.startsWith('in missing'))).toBe(true);
            expect(names.some((n) => n.includes('does not have'))).toBe(true);
          }
          if (action.spec.in.length > 1) expect(names).toContain('the arguments in reverse order');
          for (const c of invalidShapeCalls(index, action)) {
            const [call] = fc.sample(c.call, { seed, numRuns: 1 });
            const given = Object.hasOwn(call?.params ?? {}, 'in') ? call?.params.in : [];
            // Section 2: exactly the model's `in` piids, in model order, each an object.
            const exact =
              Array.isArray(given) &&
              given.length === action.spec.in.length &&
              given.every(
                (item, j) =>
                  typeof item === 'object' &&
                  item !== null &&
                  (item as { piid?: unknown }).piid === action.spec.in[j],
              );
            expect(exact, `${c.name} is a wrong shape`).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names the constraint in words a partner reads (reference bulb and purifier)', () => {
    const bulb = invalidWriteItems(fixtureIndex('bulb')).map((i) => i.spec.text);
    expect(bulb).toContain('light.brightness(2.2) = 50.5 (off the step grid of [1,100,1])');
    expect(bulb).toContain('light.brightness(2.2) = 0 (below min of [1,100,1])');
    expect(bulb).toContain('light.on(2.1) = 1 (1 for bool (JSON true/false only))');
    const purifier = invalidWriteItems(fixtureIndex('purifier')).map((i) => i.spec.text);
    expect(purifier).toContain('air-purifier.mode(2.2) = 4 (not one of the values 0, 1, 2, 3)');
  });
});

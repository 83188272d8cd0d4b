/**
 * fast-check arbitrary of one `action` call: valid calls (every `in` piid in model order with a
 * valid value), calls with invalid `in` (-4006: wrong count, wrong or reordered piids, an
 * invalid value, an item that is not an object, `in` that is not an array, `in` missing when
 * the action takes parameters) and actions the model does not have (-4003).
 */
import fc from 'fast-check';
import type { IndexedAction, ModelIndex } from '../judge/model-index.js';
import { actionText, show } from './address-text.js';
import { invalidPropertyValue } from './invalid-property-value.js';
import { propertyValue } from './property-value.js';
import { unknownAddress } from './unknown-ids.js';

export interface ActionCallSpec {
  readonly params: Readonly<Record<string, unknown>>;
  readonly text: string;
}

export interface ActionCallConstraints {
  /** Relative weight of valid calls. Default 3. */
  readonly validWeight?: number;
  /** Relative weight of calls with invalid `in`. Default 2. */
  readonly invalidWeight?: number;
  /** Relative weight of unknown actions. Default 1. */
  readonly unknownWeight?: number;
}

export function actionCall(
  index: ModelIndex,
  constraints: ActionCallConstraints = {},
): fc.Arbitrary<ActionCallSpec> {
  const options: Array<fc.WeightedArbitrary<ActionCallSpec>> = [];
  if (index.actions.length > 0) {
    const pick = fc.constantFrom(...index.actions);
    const validWeight = constraints.validWeight ?? 3;
    const invalidWeight = constraints.invalidWeight ?? 2;
    if (validWeight > 0)
      options.push({ weight: validWeight, arbitrary: pick.chain((a) => validCall(index, a)) });
    if (invalidWeight > 0)
      options.push({ weight: invalidWeight, arbitrary: pick.chain((a) => invalidCall(index, a)) });
  }
  const unknownWeight = constraints.unknownWeight ?? 1;
  if (unknownWeight > 0 || options.length === 0) {
    options.push({
      weight: Math.max(unknownWeight, 1),
      arbitrary: unknownAddress(index, 'aiid').map((address) => ({
        params: { ...address, in: [] },
        text: `?(${show(address.siid)}.${show(address.aiid)})()`,
      })),
    });
  }
  return fc.oneof(...options);
}

/** Valid `in` values for an action, model order. */
export function validIn(
  index: ModelIndex,
  action: IndexedAction,
): fc.Arbitrary<Array<{ piid: number; value: unknown }>> {
  return fc.tuple(
    ...action.spec.in.map((piid) => {
      const property = index.property(action.siid, piid);
      if (property === undefined) throw new Error(`model invariant: ${action.label} in piid ${piid} missing`);
      return propertyValue(property.spec).map((value) => ({ piid, value }));
    }),
  );
}

export function validCall(index: ModelIndex, action: IndexedAction): fc.Arbitrary<ActionCallSpec> {
  return validIn(index, action).map((input) => ({
    params: { siid: action.siid, aiid: action.spec.aiid, in: input },
    text: `${actionText(action)}(${input.map((i) => show(i.value)).join(', ')})`,
  }));
}

export function invalidCall(index: ModelIndex, action: IndexedAction): fc.Arbitrary<ActionCallSpec> {
  const base = { siid: action.siid, aiid: action.spec.aiid };
  const name = actionText(action);
  const variants: Array<fc.Arbitrary<ActionCallSpec>> = [
    validIn(index, action).map((input) => ({
      params: {
        ...base,
        in: [...input, { piid: input.length > 0 ? (input[0] as { piid: number }).piid : 1, value: 0 }],
      },
      text: `${name}(in: one item too many)`,
    })),
    fc
      .constantFrom<unknown>({}, 'x', 3, null)
      .map((bad) => ({ params: { ...base, in: bad }, text: `${name}(in: ${show(bad)}, not an array)` })),
    fc.constant({ params: { ...base, in: [1] }, text: `${name}(in: [1], an item that is not an object)` }),
  ];
  const ins = action.spec.in;
  if (ins.length > 0) {
    variants.push(
      validIn(index, action).map((input) => ({
        params: { ...base, in: input.slice(0, -1) },
        text: `${name}(in: one item short)`,
      })),
      fc.constant({ params: base, text: `${name}(in missing, ${ins.length} expected)` }),
      validIn(index, action).map((input) => ({
        params: { ...base, in: input.map((i, k) => (k === 0 ? { ...i, piid: i.piid + 1 } : i)) },
        text: `${name}(in: a wrong piid)`,
      })),
      fc.tuple(validIn(index, action), fc.nat()).chain(([input, at]) => {
        const k = at % input.length;
        const target = input[k] as { piid: number };
        const property = index.property(action.siid, target.piid);
        if (property === undefined) throw new Error('model invariant');
        return invalidPropertyValue(property.spec).map(({ value, why }) => ({
          params: { ...base, in: input.map((i, j) => (j === k ? { piid: i.piid, value } : i)) },
          text: `${name}(in[${k}] = ${show(value)}, ${why})`,
        }));
      }),
    );
  }
  if (ins.length > 1) {
    variants.push(
      validIn(index, action).map((input) => ({
        params: { ...base, in: [...input].reverse() },
        text: `${name}(in: piids reversed)`,
      })),
    );
  }
  return fc.oneof(...variants);
}

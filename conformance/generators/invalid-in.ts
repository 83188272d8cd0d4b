/**
 * The invalid `in` of an action, enumerated (EDP-ACT-2: -4006): for each argument, one call per
 * constraint its property has (constraint-violations.ts: missing value, wrong type, fraction,
 * limits, below min, above max, off the step grid, not in `values`, too long), the other
 * arguments valid; and the shapes of `in` itself: one item too many, one short, `in` missing
 * when the action takes arguments, a piid the service does not have, another property's piid,
 * the arguments in reverse order, an item that is not an object, `in` that is not an array.
 * Which call is which is fixed; only the valid values around the invalid one are drawn.
 */
import fc from 'fast-check';
import type { IndexedAction, ModelIndex } from '../judge/model-index.js';
import type { ActionCallSpec } from './action-call.js';
import { validIn } from './action-call.js';
import { actionText, show } from './address-text.js';
import { type Constraint, constraintViolations } from './constraint-violations.js';

export interface InvalidInCall {
  /** `in[0] off the step grid of [10,90,10]`, or the shape: `one item too many`. */
  readonly name: string;
  /** The argument's constraint broken, for argument cases. */
  readonly constraint?: Constraint;
  /** Which argument (index into `in`), for argument cases. */
  readonly argument?: number;
  readonly call: fc.Arbitrary<ActionCallSpec>;
}

type InItem = { piid: number; value?: unknown };

/** One call per constraint of argument `k`. */
export function invalidArgumentCalls(index: ModelIndex, action: IndexedAction, k: number): InvalidInCall[] {
  const piid = action.spec.in[k] as number;
  const property = index.property(action.siid, piid);
  if (property === undefined) throw new Error(`model invariant: ${action.label} in piid ${piid} missing`);
  const name = actionText(action);
  return constraintViolations(property.spec).map((c) => {
    const bad: InItem = c.missing === true ? { piid } : { piid, value: c.value };
    const shown = c.missing === true ? 'no value' : `${show(c.value)}, ${c.why}`;
    return {
      name: `in[${k}] (${property.label}) ${c.constraint}: ${c.why}`,
      constraint: c.constraint,
      argument: k,
      call: validIn(index, action).map((input) => ({
        params: { siid: action.siid, aiid: action.spec.aiid, in: input.map((i, j) => (j === k ? bad : i)) },
        text: `${name}(in[${k}] = ${shown})`,
      })),
    };
  });
}

/** The calls whose `in` has the wrong shape (count, piids, order, item kinds). */
export function invalidShapeCalls(index: ModelIndex, action: IndexedAction): InvalidInCall[] {
  const base = { siid: action.siid, aiid: action.spec.aiid };
  const name = actionText(action);
  const ins = action.spec.in;
  const service = index.services.get(action.siid);
  const piids = new Set((service?.properties ?? []).map((p) => p.piid));
  const unknownPiid = firstFree(piids);
  const otherPiid = [...piids].find((p) => !ins.includes(p));
  const shaped = (what: string, make: (input: InItem[]) => unknown): InvalidInCall => ({
    name: what,
    call: validIn(index, action).map((input) => ({
      params: { ...base, in: make(input) },
      text: `${name}(in: ${what})`,
    })),
  });
  const calls: InvalidInCall[] = [
    shaped('one item too many', (input) => [...input, { piid: ins[0] ?? unknownPiid, value: 0 }]),
    shaped('an item that is not an object', (input) => [1, ...input.slice(1)]),
    shaped('not an array (an object)', (input) =>
      Object.fromEntries(input.map((i) => [String(i.piid), i.value])),
    ),
    shaped('not an array (a string)', () => 'x'),
  ];
  if (ins.length > 0) {
    calls.push(
      shaped('one item short', (input) => input.slice(0, -1)),
      {
        name: `in missing, ${ins.length} expected`,
        call: fc.constant({ params: base, text: `${name}(in missing, ${ins.length} expected)` }),
      },
      shaped(`in[0] with piid ${unknownPiid}, which ${action.service.name} does not have`, (input) =>
        input.map((i, j) => (j === 0 ? { ...i, piid: unknownPiid } : i)),
      ),
      shaped('in[0] without its piid', (input) => input.map((i, j) => (j === 0 ? { value: i.value } : i))),
    );
    if (otherPiid !== undefined)
      calls.push(
        shaped(`in[0] with piid ${otherPiid}, another property's`, (input) =>
          input.map((i, j) => (j === 0 ? { ...i, piid: otherPiid } : i)),
        ),
      );
  }
  if (ins.length > 1) calls.push(shaped('the arguments in reverse order', (input) => [...input].reverse()));
  return calls;
}

function firstFree(taken: ReadonlySet<number>): number {
  let n = 1;
  while (taken.has(n)) n++;
  return n;
}

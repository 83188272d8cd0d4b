/**
 * fast-check arbitrary of repeated request ids (EDP-RPC-5): the id of one of the last three
 * answered requests, with the same body (a redelivery) or with another body: a write that would
 * change a property, any write, or an action, whose effects a device that executed it would show.
 */
import fc from 'fast-check';
import { sameValue } from '../../src/model/index.js';
import { type RepeatBody, RepeatRequestCommand } from '../commands/repeat-request.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { actionCall } from './action-call.js';
import { propertyValue } from './property-value.js';
import { setItem } from './set-item.js';

export interface RepeatCommandConstraints {
  /** Only repeats with the same body (`true`) or with another body (`false`); default both. */
  readonly sameBody?: boolean;
}

export function repeatCommand(
  index: ModelIndex,
  constraints: RepeatCommandConstraints = {},
): fc.Arbitrary<RepeatRequestCommand> {
  const back = fc.integer({ min: 1, max: 3 });
  const same: fc.WeightedArbitrary<RepeatBody> = {
    weight: 2,
    arbitrary: fc.constant({ kind: 'same' as const }),
  };
  const others: Array<fc.WeightedArbitrary<RepeatBody>> = [];
  // Unguarded properties first: a write that a failing `when` refuses would show nothing.
  const changeable = index.properties.filter(
    (p) =>
      p.writable &&
      p.readable &&
      !p.volatile &&
      (p.spec.values?.length ?? 2) >= 2 &&
      p.spec.range?.[0] !== p.spec.range?.[1],
  );
  const unguarded = changeable.filter((p) => p.spec.when === undefined);
  const targets = unguarded.length > 0 ? unguarded : changeable;
  if (targets.length > 0) {
    const change = fc.constantFrom(...targets).chain((property) =>
      fc
        .tuple(propertyValue(property.spec), propertyValue(property.spec))
        .filter(([a, b]) => !sameValue(a, b))
        .map(([a, b]): RepeatBody => ({ kind: 'change', property, candidates: [a, b] })),
    );
    others.push({ weight: 3, arbitrary: change });
  }
  const otherWrite = fc.array(setItem(index), { minLength: 1, maxLength: 2 }).map(
    (items): RepeatBody => ({
      kind: 'other',
      body: { method: 'set_properties', params: items.map((i) => i.item) },
      text: `set ${items.map((i) => i.text).join(', ')}`,
    }),
  );
  others.push({ weight: 1, arbitrary: otherWrite });
  if (index.actions.length > 0) {
    const otherAction = actionCall(index, { invalidWeight: 0, unknownWeight: 0 }).map(
      (call): RepeatBody => ({
        kind: 'other',
        body: { method: 'action', params: call.params },
        text: `action ${call.text}`,
      }),
    );
    others.push({ weight: 2, arbitrary: otherAction });
  }
  const chosen =
    constraints.sameBody === true ? [same] : constraints.sameBody === false ? others : [same, ...others];
  return fc.tuple(back, fc.oneof(...chosen)).map(([b, body]) => new RepeatRequestCommand(b, body));
}

/**
 * fast-check arbitrary of repeated request ids (EDP-RPC-5): the id of one of the last three
 * answered requests, with the same body (a redelivery) or with another body, a write or an
 * action, whose effects a device that executed it would show.
 */
import fc from 'fast-check';
import { RepeatRequestCommand } from '../commands/repeat-request.command.js';
import type { ModelIndex } from '../oracle/model-index.js';
import { actionCall } from './action-call.js';
import { setItem } from './set-item.js';

export function repeatCommand(index: ModelIndex): fc.Arbitrary<RepeatRequestCommand> {
  const back = fc.integer({ min: 1, max: 3 });
  const otherWrite = fc.array(setItem(index), { minLength: 1, maxLength: 2 }).map((items) => ({
    kind: 'other' as const,
    body: { method: 'set_properties' as const, params: items.map((i) => i.item) },
    text: `set ${items.map((i) => i.text).join(', ')}`,
  }));
  const otherAction = actionCall(index, { invalidWeight: 0, unknownWeight: 0 }).map((call) => ({
    kind: 'other' as const,
    body: { method: 'action' as const, params: call.params },
    text: `action ${call.text}`,
  }));
  const bodies = [
    { weight: 1, arbitrary: fc.constant({ kind: 'same' as const }) },
    { weight: 2, arbitrary: otherWrite },
    ...(index.actions.length > 0 ? [{ weight: 2, arbitrary: otherAction }] : []),
  ];
  return fc.tuple(back, fc.oneof(...bodies)).map(([b, body]) => new RepeatRequestCommand(b, body));
}

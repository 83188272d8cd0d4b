/** Single-fault mutators for EDP-PROP-1..4 and EDP-ACT-1..2: what a response says. */
import { choose, framesWithRole, replaced, wrongKind } from './history-edits.js';
import { actionResult, allOk, type Mutator, response, resultItem } from './mutator-builders.js';

export const ANSWER_MUTATORS: readonly Mutator[] = [
  // EDP-PROP-1: a readable property reads code 0 and a valid value.
  resultItem('a read value of the wrong kind', 'EDP-PROP-1', 'get_properties', allOk, (i) => ({
    ...i,
    value: wrongKind(i.value),
  })),
  resultItem(
    'a read without its value',
    'EDP-PROP-1',
    'get_properties',
    allOk,
    ({ value: _, ...rest }) => rest,
  ),
  resultItem(
    'a readable property read -4001',
    'EDP-PROP-1',
    'get_properties',
    allOk,
    ({ value: _, ...rest }) => ({ ...rest, code: -4001 }),
  ),
  // EDP-PROP-2: an unreadable property reads -4001, an unknown one -4003.
  resultItem(
    'an unreadable or unknown property read with a value',
    'EDP-PROP-2',
    'get_properties',
    (_, i) => i.code !== 0,
    (i) => ({ ...i, code: 0, value: 1 }),
  ),
  resultItem(
    '-4001 and -4003 confused',
    'EDP-PROP-2',
    'get_properties',
    (_, i) => i.code === -4001 || i.code === -4003,
    (i) => ({ ...i, code: i.code === -4001 ? -4003 : -4001 }),
  ),
  // EDP-PROP-3: a valid write to a writable property gives 0.
  resultItem('a valid write answered -4005', 'EDP-PROP-3', 'set_properties', allOk, (i) => ({
    ...i,
    code: -4005,
  })),
  resultItem('a valid write answered -4002', 'EDP-PROP-3', 'set_properties', allOk, (i) => ({
    ...i,
    code: -4002,
  })),
  // EDP-PROP-4: a write that must be refused is refused with its code.
  resultItem(
    'a refused write answered 0',
    'EDP-PROP-4',
    'set_properties',
    (_, i) => i.code !== 0,
    (i) => ({ ...i, code: 0 }),
  ),
  resultItem(
    'a refused write answered -4004',
    'EDP-PROP-4',
    'set_properties',
    (_, i) => i.code !== 0,
    (i) => ({ ...i, code: -4004 }),
  ),
  // EDP-ACT-1: a valid action gives 0, its `out` and its effects (emitted events included).
  response('a valid action answered -4006', 'EDP-ACT-1', (m) =>
    actionResult(m)?.code === 0 ? { ...m, result: { code: -4006, out: [] } } : undefined,
  ),
  response('a valid action with a wrong out value', 'EDP-ACT-1', (m) => {
    const r = actionResult(m);
    if (r?.code !== 0 || r.out.length === 0) return undefined;
    const out = r.out.map((o, i) => (i === 0 ? { ...o, value: wrongKind(o.value) } : o));
    return { ...m, result: { ...r, out } };
  }),
  {
    name: 'an emitted event dropped',
    rule: 'EDP-ACT-1',
    mutate: (c, pick) => {
      // Not one the device also sent spontaneously, the same event with the same arguments: that one
      // then reads as the action's, and nothing is missing (issue 18, seed 6 at 300 runs).
      const twin = (frame: string, at: number) =>
        c.history.entries.some(
          (o, k) => k !== at && o.kind === 'received' && eventParams(o.frame) === eventParams(frame),
        );
      const e = choose(
        framesWithRole(c, 'event').filter((f) => !twin(f.entry.frame, f.at)),
        pick,
      );
      return e === undefined ? undefined : replaced(c, e.at, undefined);
    },
  },
  // EDP-ACT-2: invalid `in`, unknown actions and failing guards are refused with their code.
  response('a refused action answered 0', 'EDP-ACT-2', (m) =>
    actionResult(m) !== undefined && actionResult(m)?.code !== 0
      ? { ...m, result: { code: 0, out: [] } }
      : undefined,
  ),
  response('a refused action answered -4004', 'EDP-ACT-2', (m) =>
    actionResult(m) !== undefined && actionResult(m)?.code !== 0
      ? { ...m, result: { code: -4004, out: [] } }
      : undefined,
  ),
];

/** An event_occurred message's event and arguments, comparable as a string (undefined for anything else). */
function eventParams(frame: string): string | undefined {
  const m = JSON.parse(frame) as {
    method?: unknown;
    params?: { siid?: unknown; eiid?: unknown; arguments?: unknown };
  };
  if (m.method !== 'event_occurred' || m.params === undefined) return undefined;
  return JSON.stringify([m.params.siid, m.params.eiid, m.params.arguments]);
}

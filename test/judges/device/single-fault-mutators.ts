/**
 * Single-fault mutators (issue 18): each edits a legal device history so that it breaks exactly
 * one rule of sections 3–7, and names that rule. `mutate` returns undefined when the history
 * offers no place for that fault (a repeat to execute, an action to answer wrongly, …); `pick`
 * chooses among the places it does offer.
 */
import type { RuleId } from '../../../conformance/catalogue/rule-ids.js';
import type { DeviceHistory, ReceivedFrame } from './device-history.js';
import { NOTIFICATION_DEADLINE_MS, RESPONSE_DEADLINE_MS } from './device-history.js';
import { deviceBefore, itemsOfExecuting, valueOn } from './device-replay.js';
import {
  added,
  changeItems,
  choose,
  frame,
  framesWithRole,
  type Json,
  plainResponses,
  replaced,
  sentOf,
  strict,
  withParams,
  wrongKind,
  wrongKindFor,
} from './history-edits.js';
import type { LegalCase } from './legal-device-history.js';

export interface Mutator {
  readonly name: string;
  readonly rule: RuleId;
  mutate(c: LegalCase, pick: number): DeviceHistory | undefined;
}

type Item = { siid: number; piid: number; code: number; value?: unknown };

/** Rewrites one plain response's message. */
function response(
  name: string,
  rule: RuleId,
  edit: (message: Json, pick: number) => Json | undefined,
  atMs?: (sentAtMs: number, pick: number) => number,
): Mutator {
  return {
    name,
    rule,
    mutate(c, pick) {
      const candidates = plainResponses(c).filter((r) => edit(r.message, pick) !== undefined);
      const r = choose(candidates, pick);
      if (r === undefined || r.sent === undefined) return undefined;
      const when = atMs === undefined ? r.entry.atMs : atMs(r.sent.atMs, pick);
      return replaced(c, r.at, frame(r.entry, edit(r.message, pick), when));
    },
  };
}

/** Rewrites one item of a batch result, where `want` says the correct item is one to edit. */
function resultItem(
  name: string,
  rule: RuleId,
  method: string,
  want: (items: readonly Item[], item: Item) => boolean,
  edit: (item: Item) => Item,
): Mutator {
  return {
    name,
    rule,
    mutate(c, pick) {
      const candidates = plainResponses(c).flatMap((r) => {
        const items = r.message.result;
        if (r.sent?.body.method !== method || !Array.isArray(items)) return [];
        return (items as Item[]).flatMap((item, i) => (want(items as Item[], item) ? [{ r, i }] : []));
      });
      const chosen = choose(candidates, pick);
      if (chosen === undefined) return undefined;
      const items = [...(chosen.r.message.result as Item[])];
      items[chosen.i] = edit(items[chosen.i] as Item);
      return replaced(c, chosen.r.at, frame(chosen.r.entry, { ...chosen.r.message, result: items }));
    },
  };
}

/** Inserts one frame the device sends unasked, at a time within the history. */
function insert(name: string, rule: RuleId, make: (c: LegalCase, pick: number) => unknown): Mutator {
  return {
    name,
    rule,
    mutate(c, pick) {
      const message = make(c, pick);
      if (message === undefined) return undefined;
      const last = c.history.entries.at(-1)?.atMs ?? 0;
      const atMs = pick % (last + 1);
      const text = typeof message === 'string' ? message : JSON.stringify(message);
      return added(c, { kind: 'received', atMs, frame: text, role: 'spontaneous' });
    },
  };
}

const allOk = (items: readonly Item[]) => items.every((i) => i.code === 0);
const actionResult = (m: Json) =>
  typeof m.result === 'object' && m.result !== null && !Array.isArray(m.result)
    ? (m.result as { code: number; out: Array<{ piid: number; value: unknown }> })
    : undefined;

export const MUTATORS: readonly Mutator[] = [
  // EDP-RPC-1: exactly one response with the request's id, within the deadline.
  {
    name: 'a response dropped',
    rule: 'EDP-RPC-1',
    mutate: (c, pick) => {
      const r = choose(plainResponses(c, true), pick);
      return r === undefined ? undefined : replaced(c, r.at, undefined);
    },
  },
  response(
    'a response after the deadline',
    'EDP-RPC-1',
    (m) => m,
    (sent, pick) => sent + RESPONSE_DEADLINE_MS + 1 + (pick % 700),
  ),
  response('a response with another id', 'EDP-RPC-1', (m) => ({ ...m, id: (m.id as number) + 7_777_777 })),
  {
    name: 'a response sent twice',
    rule: 'EDP-RPC-1',
    mutate: (c, pick) => {
      const r = choose(plainResponses(c, true), pick);
      return r === undefined ? undefined : added(c, { ...r.entry, atMs: r.entry.atMs + (pick % 50) });
    },
  },
  // EDP-RPC-2: never both result and error.
  insert('an extra message with both result and error', 'EDP-RPC-2', (c, pick) => {
    const r = choose(plainResponses(c, true), pick);
    return r === undefined
      ? undefined
      : { ...r.message, result: [], error: { code: -32603, message: 'both' } };
  }),
  insert('an extra response with both result and error', 'EDP-RPC-2', () => ({
    id: 12345,
    result: 0,
    error: { code: -32603, message: 'x' },
  })),
  // EDP-RPC-3: batch results have the params' length and order.
  response('a batch result one item short', 'EDP-RPC-3', (m) =>
    Array.isArray(m.result) && m.result.length >= 1 ? { ...m, result: m.result.slice(0, -1) } : undefined,
  ),
  response('a batch result one item too many', 'EDP-RPC-3', (m) =>
    Array.isArray(m.result) && m.result.length >= 1
      ? { ...m, result: [...m.result, m.result.at(-1)] }
      : undefined,
  ),
  response('two batch items swapped', 'EDP-RPC-3', (m, pick) => {
    const items = m.result as Item[];
    if (!Array.isArray(items) || items.length < 2) return undefined;
    const i = pick % (items.length - 1);
    const [a, b] = [items[i] as Item, items[i + 1] as Item];
    if (a.siid === b.siid && a.piid === b.piid) return undefined;
    const swapped = [...items];
    swapped[i] = b;
    swapped[i + 1] = a;
    return { ...m, result: swapped };
  }),
  // EDP-RPC-4: envelope errors of section 3.
  response('an unknown method answered -32600', 'EDP-RPC-4', (m) =>
    (m.error as { code?: number } | undefined)?.code === -32601
      ? { ...m, error: { code: -32600, message: 'x' } }
      : undefined,
  ),
  response('an unknown method answered with a result', 'EDP-RPC-4', (m) =>
    (m.error as { code?: number } | undefined)?.code === -32601 ? { id: m.id, result: [] } : undefined,
  ),
  // EDP-RPC-5: a repeat gets the stored response and has no effects.
  {
    name: 'a repeat answered with another response',
    rule: 'EDP-RPC-5',
    mutate: (c, pick) => {
      const repeats = framesWithRole(c, 'response').filter((r) => r.sent?.repeats !== undefined);
      const r = choose(repeats, pick);
      return r === undefined
        ? undefined
        : replaced(c, r.at, frame(r.entry, { id: r.message.id, error: { code: -32603, message: 'again' } }));
    },
  },
  {
    name: 'a repeat executed (its changes notified)',
    rule: 'EDP-RPC-5',
    mutate: (c, pick) => {
      const steps = c.sentAt.flatMap((at, step) => {
        const sent = c.history.entries[at];
        if (sent?.kind !== 'sent' || sent.repeats === undefined) return [];
        const items = itemsOfExecuting(deviceBefore(c, step), sent.body).filter((i) => strict(c, i));
        return items.length === 0 ? [] : [{ sent, items }];
      });
      const chosen = choose(steps, pick);
      if (chosen === undefined) return undefined;
      const atMs = chosen.sent.atMs + (pick % 20);
      const params = chosen.items.slice(0, 16);
      return added(c, {
        kind: 'received',
        atMs,
        frame: JSON.stringify({ method: 'properties_changed', params }),
        role: 'spontaneous',
      });
    },
  },
  // EDP-RPC-6: everything sent is a message of section 3.
  insert('a frame that is not JSON', 'EDP-RPC-6', () => '{"method": "properties_changed", '),
  insert('a notification with params of the wrong shape', 'EDP-RPC-6', () => ({
    method: 'properties_changed',
    params: 5,
  })),
  insert('a message that is neither response nor notification', 'EDP-RPC-6', () => ({ hello: 'there' })),
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
      const e = choose(framesWithRole(c, 'event'), pick);
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
  // EDP-NOTIFY-1: one item per change, within 1 s of the response; nothing for what did not change.
  {
    name: 'a change’s item dropped',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const it = choose(
        changeItems(c).filter((i) => strict(c, i.item)),
        pick,
      );
      return it === undefined
        ? undefined
        : withParams(
            c,
            it,
            it.params.filter((_, k) => k !== it.index),
          );
    },
  },
  {
    name: 'a change’s item sent twice',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const it = choose(
        changeItems(c).filter((i) => strict(c, i.item)),
        pick,
      );
      if (it === undefined) return undefined;
      const params = [...it.params.slice(0, it.index + 1), it.item, ...it.params.slice(it.index + 1)];
      if (params.length > 16) return undefined;
      return withParams(c, it, params);
    },
  },
  {
    name: 'the last item of a property after its deadline',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const items = changeItems(c).filter((i) => strict(c, i.item));
      const last = items.filter(
        (i) =>
          !items.some(
            (j) =>
              j.item.siid === i.item.siid &&
              j.item.piid === i.item.piid &&
              (j.at > i.at || (j.at === i.at && j.index > i.index)),
          ),
      );
      const it = choose(last, pick);
      const responded =
        it === undefined ? undefined : framesWithRole(c, 'response').find((r) => r.entry.of === it.step);
      if (it === undefined || responded === undefined) return undefined;
      const late: ReceivedFrame = {
        ...it.entry,
        atMs: responded.entry.atMs + NOTIFICATION_DEADLINE_MS + 1 + (pick % 500),
        frame: JSON.stringify({ method: 'properties_changed', params: [it.item] }),
      };
      const rest = it.params.filter((_, k) => k !== it.index);
      const without = withParams(c, it, rest);
      return {
        initial: without.initial,
        entries: [...without.entries, late].sort((a, b) => a.atMs - b.atMs || (a.kind === 'sent' ? -1 : 1)),
      };
    },
  },
  {
    name: 'an item for a write that left the value as it was (notify-unchanged)',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const places = c.sentAt.flatMap((at, step) => {
        const sent = c.history.entries[at];
        if (sent?.kind !== 'sent' || sent.repeats !== undefined || sent.body.method !== 'set_properties')
          return [];
        const device = deviceBefore(c, step);
        const params = sent.body.params as Array<{ siid: number; piid: number; value: unknown }>;
        // Only the batch's first write of a property: later ones see the values the earlier ones left.
        const first = params.filter(
          (p, k) => params.findIndex((q) => q.siid === p.siid && q.piid === p.piid) === k,
        );
        return first
          .filter(
            (p) =>
              strict(c, p) &&
              c.index.property(p.siid, p.piid)?.writable === true &&
              valueOn(device, p.siid, p.piid) === p.value,
          )
          .map((p) => ({ sent, step, item: { siid: p.siid, piid: p.piid, value: p.value } }));
      });
      const chosen = choose(places, pick);
      if (chosen === undefined) return undefined;
      const responded = framesWithRole(c, 'response').find((r) => r.entry.of === chosen.step);
      if (responded === undefined) return undefined;
      const span = responded.entry.atMs + NOTIFICATION_DEADLINE_MS - chosen.sent.atMs;
      const atMs = chosen.sent.atMs + (pick % (span + 1));
      return added(c, {
        kind: 'received',
        atMs,
        frame: JSON.stringify({ method: 'properties_changed', params: [chosen.item] }),
        role: 'spontaneous',
      });
    },
  },
  {
    name: 'an item for a property nothing changed',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const touched = new Set(changeItems(c).map((i) => `${i.item.siid}.${i.item.piid}`));
      const quiet = c.index.properties.filter(
        (p) => strict(c, p) && !touched.has(p.key) && p.key in c.history.initial,
      );
      const p = choose(quiet, pick);
      if (p === undefined) return undefined;
      const end = deviceBefore(c, c.sentAt.length);
      const value = valueOn(end, p.siid, p.piid);
      if (value !== c.history.initial[p.key]) return undefined;
      const atMs = (c.history.entries.at(-1)?.atMs ?? 0) + 1;
      return added(c, {
        kind: 'received',
        atMs,
        frame: JSON.stringify({
          method: 'properties_changed',
          params: [{ siid: p.siid, piid: p.piid, value }],
        }),
        role: 'spontaneous',
      });
    },
  },
  // EDP-NOTIFY-2: items in change order, each with the value the property took.
  {
    name: 'a stale value in a change’s item',
    rule: 'EDP-NOTIFY-2',
    mutate: (c, pick) => {
      const items = changeItems(c).filter((i) => strict(c, i.item) && i.step !== undefined);
      const places = items.flatMap((it) => {
        const before = valueOn(deviceBefore(c, it.step as number), it.item.siid, it.item.piid);
        return before === undefined || before === it.item.value ? [] : [{ it, before }];
      });
      const chosen = choose(places, pick);
      if (chosen === undefined) return undefined;
      const { it, before } = chosen;
      return withParams(
        c,
        it,
        it.params.map((p, k) => (k === it.index ? { ...p, value: before } : p)),
      );
    },
  },
  {
    name: 'two items of one property swapped',
    rule: 'EDP-NOTIFY-2',
    mutate: (c, pick) => {
      const items = changeItems(c).filter((i) => strict(c, i.item));
      const pairs = items.flatMap((a, k) => {
        const b = items.slice(k + 1).find((x) => x.item.siid === a.item.siid && x.item.piid === a.item.piid);
        const sameRequest = b !== undefined && a.step !== undefined && a.step === b.step;
        return b !== undefined && sameRequest && b.item.value !== a.item.value ? [{ a, b }] : [];
      });
      const chosen = choose(pairs, pick);
      if (chosen === undefined) return undefined;
      const { a, b } = chosen;
      if (a.at === b.at) {
        const params = a.params.map((p, k) => (k === a.index ? b.item : k === b.index ? a.item : p));
        return withParams(c, a, params);
      }
      const first = withParams(
        c,
        a,
        a.params.map((p, k) => (k === a.index ? b.item : p)),
      );
      const entries = [...first.entries];
      const at = entries.indexOf(b.entry);
      entries[at] = frame(b.entry, {
        method: 'properties_changed',
        params: b.params.map((p, k) => (k === b.index ? a.item : p)),
      });
      return { initial: first.initial, entries };
    },
  },
  insert('an item for a property the model lacks', 'EDP-NOTIFY-2', (c) => {
    const siid = 65535;
    return c.index.property(siid, 65535) === undefined
      ? { method: 'properties_changed', params: [{ siid, piid: 65535, value: 1 }] }
      : undefined;
  }),
  insert('an item with a value invalid for its property', 'EDP-NOTIFY-2', (c, pick) => {
    const p = choose(
      c.index.properties.filter((x) => x.notify),
      pick,
    );
    return p === undefined
      ? undefined
      : {
          method: 'properties_changed',
          params: [{ siid: p.siid, piid: p.piid, value: wrongKindFor(p.spec.format) }],
        };
  }),
  // EDP-NOTIFY-3: event arguments are valid for the model.
  insert('an event the model lacks', 'EDP-NOTIFY-3', (c) =>
    c.index.event(65535, 65535) === undefined
      ? { method: 'event_occurred', params: { siid: 65535, eiid: 65535, arguments: [] } }
      : undefined,
  ),
  insert('an event with an argument of the wrong kind', 'EDP-NOTIFY-3', (c, pick) => {
    const events = c.model.services.flatMap((s) =>
      (s.events ?? []).filter((e) => e.arguments.length > 0).map((e) => ({ s, e })),
    );
    const chosen = choose(events, pick);
    if (chosen === undefined) return undefined;
    const format = (piid: number) => chosen.s.properties?.find((p) => p.piid === piid)?.format ?? 'bool';
    const args = chosen.e.arguments.map((piid) => ({ piid, value: wrongKindFor(format(piid)) }));
    return {
      method: 'event_occurred',
      params: { siid: chosen.s.siid, eiid: chosen.e.eiid, arguments: args },
    };
  }),
  insert('an event missing its arguments', 'EDP-NOTIFY-3', (c, pick) => {
    const events = c.model.services.flatMap((s) =>
      (s.events ?? []).filter((e) => e.arguments.length > 0).map((e) => ({ s, e })),
    );
    const chosen = choose(events, pick);
    return chosen === undefined
      ? undefined
      : { method: 'event_occurred', params: { siid: chosen.s.siid, eiid: chosen.e.eiid, arguments: [] } };
  }),
];

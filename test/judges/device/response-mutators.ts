/** Single-fault mutators for EDP-RPC-1..6: responses, repeats and messages that are not section 3's. */
import { RESPONSE_DEADLINE_MS } from './device-history.js';
import { deviceBefore, itemsOfExecuting, valueOn } from './device-replay.js';
import {
  added,
  changeItems,
  choose,
  frame,
  framesWithRole,
  plainResponses,
  replaced,
  strict,
} from './history-edits.js';
import { type Item, insert, type Mutator, response } from './mutator-builders.js';

export const RPC_MUTATORS: readonly Mutator[] = [
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
        // Values no change of the property took so far: a repeat of one of those reads as a duplicate item (EDP-NOTIFY-1).
        // Nor a value an earlier write carried: an item with it may be that write's stray one (EDP-NOTIFY-1).
        const taken = new Set(
          changeItems(c)
            .filter((i) => i.step !== undefined && i.step < step)
            .map((i) => JSON.stringify([i.item.siid, i.item.piid, i.item.value])),
        );
        for (const at of c.sentAt.slice(0, step)) {
          const earlier = c.history.entries[at];
          if (earlier?.kind !== 'sent' || earlier.body.method !== 'set_properties') continue;
          for (const p of earlier.body.params as Array<{ siid: number; piid: number; value: unknown }>)
            taken.add(JSON.stringify([p.siid, p.piid, p.value]));
        }
        // Nor the value it held before an earlier change whose item comes after this one: the device
        // that executed the repeat would have sent its items backwards, that change's after the
        // repeat's (EDP-NOTIFY-2 too), and the charitable reading, an unasked item of the value the
        // property held (EDP-NOTIFY-1 alone), is the judge's (issue 18, seed 18 at 300 runs).
        const atMs = sent.atMs + (pick % 20);
        for (const later of changeItems(c))
          if (later.step !== undefined && later.step < step && later.entry.atMs >= atMs) {
            const old = valueOn(deviceBefore(c, later.step), later.item.siid, later.item.piid);
            taken.add(JSON.stringify([later.item.siid, later.item.piid, old]));
          }
        // Nor the value the property holds: an item carrying it reads as one for no change (EDP-NOTIFY-1).
        const device = deviceBefore(c, step);
        const held = (i: { siid: number; piid: number }) => valueOn(device, i.siid, i.piid);
        const items = itemsOfExecuting(deviceBefore(c, step), sent.body).filter(
          (i) => strict(c, i) && !taken.has(JSON.stringify([i.siid, i.piid, i.value])) && held(i) !== i.value,
        );
        return items.length === 0 ? [] : [{ sent, items, atMs }];
      });
      const chosen = choose(steps, pick);
      if (chosen === undefined) return undefined;
      const atMs = chosen.atMs;
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
];

/** Single-fault mutators for EDP-NOTIFY-1..3: properties_changed items and events. */
import type { ReceivedFrame } from './device-history.js';
import { NOTIFICATION_DEADLINE_MS } from './device-history.js';
import { deviceBefore, valueOn } from './device-replay.js';
import {
  added,
  changeItems,
  choose,
  frame,
  framesWithRole,
  strict,
  withParams,
  wrongKindFor,
} from './history-edits.js';
import { insert, type Mutator } from './mutator-builders.js';

export const NOTIFY_MUTATORS: readonly Mutator[] = [
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
        const reply = framesWithRole(c, 'response').find((r) => r.entry.of === step)?.message.result;
        const accepted = (k: number) => Array.isArray(reply) && (reply[k] as { code?: number })?.code === 0;
        // Only a write the device accepted (a refused one changes nothing anyway) after no accepted
        // write of the property in its batch (later ones see the values the earlier ones left); a
        // refused earlier write of it changed nothing either (EDP-PROP-4; issue 18: the kettle's
        // `heating = [], heating = false`), so the write still meets the value held before the batch.
        const first = params.filter(
          (p, k) =>
            accepted(k) &&
            params.slice(0, k).every((q, j) => q.siid !== p.siid || q.piid !== p.piid || !accepted(j)),
        );
        return first
          .filter((p) => strict(c, p) && valueOn(device, p.siid, p.piid) === p.value)
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

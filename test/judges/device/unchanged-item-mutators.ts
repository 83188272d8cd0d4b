/**
 * EDP-NOTIFY-1 (issue 18, the partner's plug with `--bug notify-unchanged`): an item for a request
 * that left a property as it was — an action whose effect clamps at the bound, wraps to the same
 * value or sets the current value, or a write of the current value — followed by a real change of
 * the same property by a later request. The stray item may come anywhere in its window (before or
 * after its response, after the next request is sent) and ride alone or in any message of the
 * device's own items, in the order the device did things; it is the device's only fault, so
 * EDP-NOTIFY-1 alone must be blamed (never EDP-NOTIFY-2 as a wrong value of the later change).
 */
import { NOTIFICATION_DEADLINE_MS } from './device-history.js';
import { deviceBefore, valueOn } from './device-replay.js';
import {
  added,
  changeItems,
  choose,
  framesWithRole,
  type LocatedItem,
  strict,
  withParams,
} from './history-edits.js';
import type { LegalCase } from './legal-device-history.js';
import type { Mutator } from './mutator-builders.js';

type Item = { readonly siid: number; readonly piid: number; readonly value: unknown };

interface Place {
  readonly step: number;
  readonly item: Item;
  /** Earliest and latest arrival that keep the device's order and its window. */
  readonly lo: number;
  readonly hi: number;
  /** When the request that changes the property next was sent. */
  readonly nextSentMs: number;
}

function noOpItemAfterChange(method: 'action' | 'set_properties'): Mutator {
  const what = method === 'action' ? 'an action' : 'a write';
  return {
    name: `an item for ${what} that left the value as it was, before a later change of it (notify-unchanged)`,
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const chosen = choose(places(c, method), pick);
      if (chosen === undefined) return undefined;
      const late = Math.max(chosen.lo, Math.min(chosen.hi, chosen.nextSentMs));
      // Half the picks after the next request was sent (the plug's case), the rest anywhere in the window.
      const from = pick % 2 === 0 ? late : chosen.lo;
      const atMs = from + (Math.floor(pick / 2) % (chosen.hi - from + 1));
      const hosts = changeItems(c).filter(
        (i, k, all) =>
          i.entry.atMs >= chosen.lo && i.entry.atMs <= chosen.hi && all.findIndex((j) => j.at === i.at) === k,
      );
      const host = Math.floor(pick / 7) % 3 === 0 ? undefined : choose(hosts, pick);
      if (host === undefined || host.params.length >= 16)
        return added(c, {
          kind: 'received',
          atMs,
          frame: JSON.stringify({ method: 'properties_changed', params: [chosen.item] }),
          role: 'spontaneous',
        });
      return joined(host, chosen, pick, c);
    },
  };
}

/** Puts the stray item into a message the device sent anyway, after the property's earlier items, before its later ones. */
function joined(host: LocatedItem, place: Place, pick: number, c: LegalCase) {
  const steps = host.entry.itemSteps ?? host.params.map(() => -1);
  const same = (k: number) =>
    host.params[k]?.siid === place.item.siid && host.params[k]?.piid === place.item.piid;
  const earlier = steps.flatMap((s, k) => (same(k) && s <= place.step ? [k] : []));
  const later = steps.flatMap((s, k) => (same(k) && s > place.step ? [k] : []));
  const at =
    earlier.length > 0
      ? (earlier.at(-1) as number) + 1
      : later.length > 0
        ? (later[0] as number)
        : pick % (host.params.length + 1);
  const params = [...host.params.slice(0, at), place.item, ...host.params.slice(at)];
  const itemSteps = [...steps.slice(0, at), place.step, ...steps.slice(at)];
  return withParams(c, { ...host, index: 0 }, params, itemSteps);
}

function places(c: LegalCase, method: 'action' | 'set_properties'): Place[] {
  const items = changeItems(c);
  const responses = framesWithRole(c, 'response');
  return c.sentAt.flatMap((at, step) => {
    const sent = c.history.entries[at];
    if (sent?.kind !== 'sent' || sent.repeats !== undefined || sent.body.method !== method) return [];
    const reply = responses.find((r) => r.entry.of === step);
    if (reply === undefined || !succeeded(reply.message.result)) return [];
    const before = deviceBefore(c, step);
    const after = deviceBefore(c, step + 1);
    return touched(c, sent.body.params, method, reply.message.result).flatMap((p) => {
      if (!strict(c, p)) return [];
      const value = valueOn(before, p.siid, p.piid);
      if (value === undefined || JSON.stringify(valueOn(after, p.siid, p.piid)) !== JSON.stringify(value))
        return [];
      const ofP = items.filter(
        (i) => i.item.siid === p.siid && i.item.piid === p.piid && i.step !== undefined,
      );
      // Left as it was means no item of its own either (a batch that changed it and changed it back does not count).
      if (ofP.some((i) => i.step === step)) return [];
      const next = ofP.filter((i) => (i.step as number) > step);
      const nextStep = Math.min(...next.map((i) => i.step as number));
      const nextSent = c.history.entries[c.sentAt[nextStep] ?? -1];
      if (next.length === 0 || nextSent === undefined) return [];
      const lo = Math.max(
        sent.atMs,
        ...ofP.filter((i) => (i.step as number) <= step).map((i) => i.entry.atMs),
      );
      const hi = Math.min(reply.entry.atMs + NOTIFICATION_DEADLINE_MS, ...next.map((i) => i.entry.atMs));
      if (lo > hi) return [];
      return [{ step, item: { siid: p.siid, piid: p.piid, value }, lo, hi, nextSentMs: nextSent.atMs }];
    });
  });
}

function succeeded(result: unknown): boolean {
  if (Array.isArray(result)) return result.some((r) => (r as { code?: number })?.code === 0);
  return (result as { code?: number } | undefined)?.code === 0;
}

/** The properties a request touched: its accepted writes (a refused one is EDP-PROP-4's), or its action's effects. */
function touched(
  c: LegalCase,
  params: unknown,
  method: string,
  result: unknown,
): Array<{ siid: number; piid: number }> {
  if (method === 'set_properties') {
    const writes = Array.isArray(params) ? (params as Array<{ siid: number; piid: number }>) : [];
    const codes = Array.isArray(result) ? (result as Array<{ code?: number }>) : [];
    return writes.filter((_, k) => codes[k]?.code === 0);
  }
  const call = params as { siid?: unknown; aiid?: unknown };
  const action = c.index.action(call.siid, call.aiid);
  if (action === undefined) return [];
  return action.spec.effects.flatMap((e) => (e.op === 'emit' ? [] : [{ siid: action.siid, piid: e.piid }]));
}

/**
 * An item re-announcing the value a property holds, unasked, after a request that changes it was
 * sent but before that change's item: it reports no change (EDP-NOTIFY-1), never a value the
 * property did not have (EDP-NOTIFY-2).
 */
const heldValueBeforeChange: Mutator = {
  name: 'an unasked item with the value a property held, before the item of its next change',
  rule: 'EDP-NOTIFY-1',
  mutate: (c, pick) => {
    const items = changeItems(c).filter((i) => strict(c, i.item) && i.step !== undefined);
    const firsts = items.filter(
      (i, k) =>
        !items
          .slice(0, k)
          .some((j) => j.step === i.step && j.item.siid === i.item.siid && j.item.piid === i.item.piid),
    );
    const places = firsts.flatMap((it) => {
      const step = it.step as number;
      const held = valueOn(deviceBefore(c, step), it.item.siid, it.item.piid);
      const sent = c.history.entries[c.sentAt[step] ?? -1];
      if (held === undefined || JSON.stringify(held) === JSON.stringify(it.item.value) || sent === undefined)
        return [];
      const earlier = items.filter(
        (j) => j.item.siid === it.item.siid && j.item.piid === it.item.piid && (j.step as number) < step,
      );
      const lo = Math.max(sent.atMs, ...earlier.map((j) => j.entry.atMs));
      // Strictly before the change's item (at the same time it would be sorted after it).
      return lo > it.entry.atMs - 1 ? [] : [{ it, held, lo }];
    });
    const chosen = choose(places, pick);
    if (chosen === undefined) return undefined;
    const atMs = chosen.lo + (pick % (chosen.it.entry.atMs - chosen.lo));
    const item = { siid: chosen.it.item.siid, piid: chosen.it.item.piid, value: chosen.held };
    return added(c, {
      kind: 'received',
      atMs,
      frame: JSON.stringify({ method: 'properties_changed', params: [item] }),
      role: 'spontaneous',
    });
  },
};

export const UNCHANGED_ITEM_MUTATORS: readonly Mutator[] = [
  noOpItemAfterChange('action'),
  noOpItemAfterChange('set_properties'),
  heldValueBeforeChange,
];

/** How the single-fault mutators are built: rewrite a response, a batch item, or insert a frame. */
import type { RuleId } from '../../../conformance/catalogue/rule-ids.js';
import type { DeviceHistory } from './device-history.js';
import { added, choose, frame, type Json, plainResponses, replaced } from './history-edits.js';
import type { LegalCase } from './legal-device-history.js';

export interface Mutator {
  readonly name: string;
  readonly rule: RuleId;
  mutate(c: LegalCase, pick: number): DeviceHistory | undefined;
}

export type Item = { siid: number; piid: number; code: number; value?: unknown };

/** Rewrites one plain response's message. */
export function response(
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
export function resultItem(
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
export function insert(name: string, rule: RuleId, make: (c: LegalCase, pick: number) => unknown): Mutator {
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

export const allOk = (items: readonly Item[]) => items.every((i) => i.code === 0);
export const actionResult = (m: Json) =>
  typeof m.result === 'object' && m.result !== null && !Array.isArray(m.result)
    ? (m.result as { code: number; out: Array<{ piid: number; value: unknown }> })
    : undefined;

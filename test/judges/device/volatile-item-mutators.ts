/**
 * Single-fault mutators of volatile readings (EDP-NOTIFY-1, issue 18): a volatile notify
 * property whose reads in the history differ changed in between, so a device that never sends
 * its items breaks EDP-NOTIFY-1, and that rule alone (items of volatile readings are judged by
 * validity only, so nothing else misses them).
 */
import type { DeviceHistory, HistoryEntry } from './device-history.js';
import { choose } from './history-edits.js';
import type { LegalCase } from './legal-device-history.js';
import type { Mutator } from './mutator-builders.js';

type ResultItem = { siid?: unknown; piid?: unknown; code?: unknown; value?: unknown };

/** Per volatile notify property key, the values its successful reads returned, in order. */
function volatileReads(c: LegalCase): Map<string, unknown[]> {
  const reads = new Map<string, unknown[]>();
  for (const entry of c.history.entries) {
    if (entry.kind !== 'received' || entry.role !== 'response' || entry.of === undefined) continue;
    const sent = c.history.entries[c.sentAt[entry.of] as number];
    if (sent?.kind !== 'sent' || sent.body.method !== 'get_properties' || sent.repeats !== undefined)
      continue;
    const result = (JSON.parse(entry.frame) as { result?: unknown }).result;
    if (!Array.isArray(result)) continue;
    for (const item of result as ResultItem[]) {
      const property = c.index.property(item.siid, item.piid);
      if (property === undefined || !property.volatile || !property.notify) continue;
      if (item.code !== 0 || item.value === undefined) continue;
      reads.set(property.key, [...(reads.get(property.key) ?? []), item.value]);
    }
  }
  return reads;
}

/** The history without any properties_changed item for `key` (messages left empty are dropped). */
function withoutItemsOf(c: LegalCase, key: string): DeviceHistory {
  const entries: HistoryEntry[] = [];
  for (const entry of c.history.entries) {
    if (entry.kind !== 'received') {
      entries.push(entry);
      continue;
    }
    const message = JSON.parse(entry.frame) as { method?: unknown; params?: unknown };
    if (message.method !== 'properties_changed' || !Array.isArray(message.params)) {
      entries.push(entry);
      continue;
    }
    const params = message.params as Array<{ siid: number; piid: number }>;
    const keep = params.map((p) => `${p.siid}.${p.piid}` !== key);
    if (keep.every(Boolean)) {
      entries.push(entry);
      continue;
    }
    if (!keep.some(Boolean)) continue;
    const frame = JSON.stringify({ ...message, params: params.filter((_, i) => keep[i]) });
    const itemSteps = entry.itemSteps?.filter((_, i) => keep[i]);
    entries.push({ ...entry, frame, ...(itemSteps === undefined ? {} : { itemSteps }) });
  }
  return { ...c.history, entries };
}

export const VOLATILE_MUTATORS: readonly Mutator[] = [
  {
    name: 'every item of a volatile reading dropped while two of its reads differ',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const changed = [...volatileReads(c)].filter(([, values]) =>
        values.some((v, i) => i > 0 && v !== values[i - 1]),
      );
      const chosen = choose(changed, pick);
      return chosen === undefined ? undefined : withoutItemsOf(c, chosen[0]);
    },
  },
  {
    name: 'the items of a volatile reading held back until after the history, while two of its reads differ',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const changed = [...volatileReads(c)].filter(([, values]) =>
        values.some((v, i) => i > 0 && v !== values[i - 1]),
      );
      const chosen = choose(changed, pick);
      if (chosen === undefined) return undefined;
      const [key, values] = chosen;
      const [siid, piid] = key.split('.').map(Number);
      // Far later than any window: it answers no pair of reads the history holds.
      const atMs = (c.history.entries.at(-1)?.atMs ?? 0) + 10_000;
      const late: HistoryEntry = {
        kind: 'received',
        atMs,
        frame: JSON.stringify({
          method: 'properties_changed',
          params: [{ siid, piid, value: values.at(-1) }],
        }),
        role: 'spontaneous',
      };
      const without = withoutItemsOf(c, key);
      return { ...without, entries: [...without.entries, late] };
    },
  },
];

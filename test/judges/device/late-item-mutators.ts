/**
 * Issue 18 (a partner's thermostat sent every item 2 s late): a request's notification items
 * delayed past the 1 s window by an arbitrary amount — a little, or so long that later requests
 * (repeats, writes of the same property, the end of the history) come first. However late, they
 * are that request's late items: EDP-NOTIFY-1 alone, never an executed repeat (EDP-RPC-5) nor
 * an item out of order (EDP-NOTIFY-2).
 */
import type { HistoryEntry, ReceivedFrame } from './device-history.js';
import { inTimeOrder, NOTIFICATION_DEADLINE_MS } from './device-history.js';
import { changeItems, framesWithRole, strict } from './history-edits.js';
import type { Mutator } from './mutator-builders.js';

/** Lateness past the window: from 1 ms to 30 s (many requests of a history later). */
const MOST_LATE_MS = 30_000;

export const LATE_ITEM_MUTATORS: readonly Mutator[] = [
  {
    name: 'a request’s items delayed past the window by any amount, possibly past later requests',
    rule: 'EDP-NOTIFY-1',
    mutate: (c, pick) => {
      const items = changeItems(c).filter((i) => i.step !== undefined && strict(c, i.item));
      const steps = [...new Set(items.map((i) => i.step as number))];
      if (steps.length === 0) return undefined;
      const step = steps[pick % steps.length] as number;
      const responded = framesWithRole(c, 'response').find((r) => r.entry.of === step);
      if (responded === undefined) return undefined;
      const lateMs = 1 + (Math.floor(pick / steps.length) % MOST_LATE_MS);
      // Each moved item keeps its own message and its order: sent, in order, lateMs past the window.
      const moved = new Set(items.filter((i) => i.step === step).map((i) => `${i.at}:${i.index}`));
      const entries: HistoryEntry[] = [];
      const late: ReceivedFrame[] = [];
      for (const [at, entry] of c.history.entries.entries()) {
        if (entry.kind !== 'received' || entry.role !== 'items') {
          entries.push(entry);
          continue;
        }
        const params = (JSON.parse(entry.frame) as { params: unknown[] }).params;
        const keep = params.filter((_, k) => !moved.has(`${at}:${k}`));
        const steps = entry.itemSteps?.filter((_, k) => !moved.has(`${at}:${k}`));
        for (const [k, item] of params.entries()) {
          if (!moved.has(`${at}:${k}`)) continue;
          late.push({
            kind: 'received',
            role: 'items',
            of: step,
            itemSteps: [step],
            atMs: responded.entry.atMs + NOTIFICATION_DEADLINE_MS + lateMs + late.length,
            frame: JSON.stringify({ method: 'properties_changed', params: [item] }),
          });
        }
        if (keep.length > 0)
          entries.push({
            ...entry,
            frame: JSON.stringify({ method: 'properties_changed', params: keep }),
            ...(steps === undefined ? {} : { itemSteps: steps }),
          });
      }
      // Not past an item of a later change of the same property with the same value: that one then
      // reads as this change's item, swapped with the one before it but in time, and the moved one
      // as the later change's (EDP-NOTIFY-2 alone: one violation, fewer than late and out of order).
      const overtaken = (moved: ReceivedFrame) => {
        const [item] = (JSON.parse(moved.frame) as { params: Array<{ siid: number; piid: number }> }).params;
        return items.some(
          (i) =>
            i.step !== undefined &&
            i.step > step &&
            i.entry.atMs <= moved.atMs &&
            i.item.siid === item?.siid &&
            i.item.piid === item?.piid &&
            JSON.stringify(i.item) === JSON.stringify(item),
        );
      };
      if (late.some(overtaken)) return undefined;
      return { initial: c.history.initial, entries: inTimeOrder([...entries, ...late]) };
    },
  },
];

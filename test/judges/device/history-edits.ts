/** Small edits of a generated device history, for the single-fault mutators. */
import type { DeviceHistory, HistoryEntry, ReceivedFrame, SentRequest } from './device-history.js';
import { inTimeOrder } from './device-history.js';
import type { LegalCase } from './legal-device-history.js';

export type Json = Record<string, unknown>;

export interface Located<T> {
  readonly at: number;
  readonly entry: ReceivedFrame;
  readonly message: T;
  /** The request it answers or follows. */
  readonly sent: SentRequest | undefined;
}

export function choose<T>(list: readonly T[], pick: number): T | undefined {
  return list.length === 0 ? undefined : list[pick % list.length];
}

export function sentOf(c: LegalCase, step: number | undefined): SentRequest | undefined {
  const at = step === undefined ? undefined : c.sentAt[step];
  const entry = at === undefined ? undefined : c.history.entries[at];
  return entry?.kind === 'sent' ? entry : undefined;
}

/** Ids that a later request repeats: their stored response must stay as it was. */
export function repeatedIds(c: LegalCase): Set<number> {
  const out = new Set<number>();
  for (const e of c.history.entries) if (e.kind === 'sent' && e.repeats !== undefined) out.add(e.id);
  return out;
}

export function framesWithRole(c: LegalCase, role: ReceivedFrame['role']): Array<Located<Json>> {
  const out: Array<Located<Json>> = [];
  c.history.entries.forEach((entry, at) => {
    if (entry.kind !== 'received' || entry.role !== role) return;
    out.push({ at, entry, message: JSON.parse(entry.frame) as Json, sent: sentOf(c, entry.of) });
  });
  return out;
}

/** Responses of requests whose id no later request repeats (a repeat may not be one of them either, when `repeats` is false). */
export function plainResponses(c: LegalCase, repeats = false): Array<Located<Json>> {
  const repeated = repeatedIds(c);
  return framesWithRole(c, 'response').filter(
    (r) => r.sent !== undefined && !repeated.has(r.sent.id) && (repeats || r.sent.repeats === undefined),
  );
}

export function replaced(c: LegalCase, at: number, entry: HistoryEntry | undefined): DeviceHistory {
  const entries = [...c.history.entries];
  if (entry === undefined) entries.splice(at, 1);
  else entries[at] = entry;
  return { initial: c.history.initial, entries: inTimeOrder(entries) };
}

export function added(c: LegalCase, ...more: HistoryEntry[]): DeviceHistory {
  return { initial: c.history.initial, entries: inTimeOrder([...c.history.entries, ...more]) };
}

export function frame(entry: ReceivedFrame, message: unknown, atMs = entry.atMs): ReceivedFrame {
  return { ...entry, atMs, frame: JSON.stringify(message) };
}

export interface LocatedItem {
  readonly at: number;
  readonly index: number;
  readonly entry: ReceivedFrame;
  readonly item: { readonly siid: number; readonly piid: number; readonly value: unknown };
  /** The step whose change it reports. */
  readonly step: number | undefined;
  readonly params: ReadonlyArray<{ readonly siid: number; readonly piid: number; readonly value: unknown }>;
}

/** Every properties_changed item a request caused, with where it is. */
export function changeItems(c: LegalCase): LocatedItem[] {
  const out: LocatedItem[] = [];
  c.history.entries.forEach((entry, at) => {
    if (entry.kind !== 'received' || entry.role !== 'items') return;
    const params = (JSON.parse(entry.frame) as { params: LocatedItem['params'] }).params;
    params.forEach((item, index) => {
      out.push({ at, index, entry, item, step: entry.itemSteps?.[index], params });
    });
  });
  return out;
}

/** The history with one item's message rewritten (`params` empty: the message dropped). */
export function withParams(
  c: LegalCase,
  located: LocatedItem,
  params: LocatedItem['params'],
  itemSteps?: readonly number[],
): DeviceHistory {
  const steps = itemSteps === undefined ? {} : { itemSteps };
  return replaced(
    c,
    located.at,
    params.length === 0
      ? undefined
      : { ...frame(located.entry, { method: 'properties_changed', params }), ...steps },
  );
}

/** Readable, non-volatile notify properties: the harness knows their values, so their changes are certain. */
export function strict(c: LegalCase, item: { siid: number; piid: number }): boolean {
  const p = c.index.property(item.siid, item.piid);
  return p?.notify === true && p.readable && !p.volatile;
}

/** A value of another JSON kind than `value` (never valid where `value` is). */
export function wrongKind(value: unknown): unknown {
  return typeof value === 'string' ? 7 : 'wrong-kind';
}

/** A JSON scalar of the wrong kind for a property of this format. */
export function wrongKindFor(format: string): unknown {
  return format === 'string' ? 7 : 'wrong-kind';
}

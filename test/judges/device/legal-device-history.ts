/**
 * Legal device behaviour, generated (issue 18): for any valid model (the fixture models and
 * generated ones) and any sequence of requests, what sections 3–7 allow a correct device to
 * send back. What a correct device answers and which changes and events it makes come from
 * test/support/independent-device.ts, a device written from PROTOCOL.md alone (no simulator, no
 * judge code). The freedom is drawn here: a response anywhere within the 2 s deadline;
 * each change's item anywhere from the request being sent to 1 s after its response, before or
 * after the response, interleaved with later requests, in change order per property; items
 * grouped into messages of 1..16 in any way; emitted events anywhere in their window; volatile
 * readings that change by themselves at any time, each notified (a notify one) anywhere within
 * 1 s of its change, read anywhere (EDP-NOTIFY-1), extra valid volatile items and spontaneous
 * events at any time; repeated request ids (EDP-RPC-5)
 * answered with the stored response and nothing else; unknown methods answered -32601.
 */
import fc from 'fast-check';
import { indexModel, type ModelIndex } from '../../../conformance/judge/model-index.js';
import type { DeviceModel, PropertyValue } from '../../../src/model/types.js';
import { fixtureModel } from '../../support/conformance/fixture-models.js';
import { requestBody } from '../../support/conformance/request-body.arbitrary.js';
import { IndependentDevice, type IndependentModel } from '../../support/independent-device.js';
import { deviceModel, validValue } from '../../support/src/model/index.js';
import {
  type DeviceHistory,
  type HistoryEntry,
  inTimeOrder,
  NOTIFICATION_DEADLINE_MS,
  RESPONSE_DEADLINE_MS,
} from './device-history.js';
import { type Random, random } from './seeded-random.js';

export type Step =
  | { readonly kind: 'request'; readonly body: { readonly method: string; readonly params: unknown } }
  /** Repeats the id of the `back`-th answered request (1: the latest), with its own frame or `body`. */
  | {
      readonly kind: 'repeat';
      readonly back: number;
      readonly body?: { readonly method: string; readonly params: unknown };
    };

/** A volatile reading's change by itself, before step `before` (steps.length: after the last). */
export interface VolatileChange {
  readonly at: number;
  readonly siid: number;
  readonly piid: number;
  readonly value: PropertyValue;
}

export interface Spontaneous {
  /** Where in the history, 0..1 of its length. */
  readonly at: number;
  readonly frame: object;
}

export interface LegalCase {
  readonly model: DeviceModel;
  readonly index: ModelIndex;
  readonly steps: readonly Step[];
  readonly history: DeviceHistory;
  /** Per step: its request's index in `history.entries`. */
  readonly sentAt: readonly number[];
  readonly seed: number;
}

const FIXTURES = (['bulb', 'purifier', 'tv'] as const).map((name) => fixtureModel(name));

export function anyModel(): fc.Arbitrary<DeviceModel> {
  return fc.oneof(fc.constantFrom(...FIXTURES), deviceModel());
}

export function legalDeviceHistory(model: fc.Arbitrary<DeviceModel> = anyModel()): fc.Arbitrary<LegalCase> {
  return model.chain((m) => {
    const index = indexModel(m);
    const body = requestBody(index);
    const step: fc.Arbitrary<Step> = fc.oneof(
      { weight: 6, arbitrary: body.map((b): Step => ({ kind: 'request', body: b })) },
      { weight: 4, arbitrary: validWrites(index) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(
            fc.integer({ min: 1, max: 4 }),
            fc.option(fc.oneof(body, writeBody(index)), { nil: undefined }),
          )
          .map(
            ([back, b]): Step =>
              b === undefined ? { kind: 'repeat', back } : { kind: 'repeat', back, body: b },
          ),
      },
      {
        weight: 1,
        arbitrary: fc.constant<Step>({ kind: 'request', body: { method: 'no_such_method', params: [] } }),
      },
      { weight: 3, arbitrary: volatileReads(index) },
    );
    return fc
      .tuple(
        fc.array(step, { minLength: 1, maxLength: 10 }),
        spontaneous(m),
        fc.integer(),
        volatileChanges(m),
      )
      .map(([steps, extra, seed, changes]) => buildLegalCase(m, index, steps, extra, seed, changes));
  });
}

/** Batches of valid writes to writable properties (notify ones mostly): many changes to notify. */
function validWrites(index: ModelIndex): fc.Arbitrary<Step> {
  const writable = index.properties.filter((p) => p.writable);
  if (writable.length === 0)
    return fc.constant({ kind: 'request', body: { method: 'no_such_method', params: [] } });
  const item = fc
    .constantFrom(...writable)
    .chain((p) => validValue(p.spec).map((value) => ({ siid: p.siid, piid: p.piid, value })));
  return fc
    .array(item, { minLength: 1, maxLength: 6 })
    .map((params): Step => ({ kind: 'request', body: { method: 'set_properties', params } }));
}

/** Reads of volatile readings (1..3 of them): pairs of differing reads must see an item between them. */
function volatileReads(index: ModelIndex): fc.Arbitrary<Step> {
  const volatile = index.properties.filter((p) => p.volatile && p.readable);
  if (volatile.length === 0)
    return fc.constant({
      kind: 'request',
      body: { method: 'get_properties', params: [{ siid: 1, piid: 1 }] },
    });
  return fc.array(fc.constantFrom(...volatile), { minLength: 1, maxLength: 3 }).map(
    (ps): Step => ({
      kind: 'request',
      body: { method: 'get_properties', params: ps.map((p) => ({ siid: p.siid, piid: p.piid })) },
    }),
  );
}

/** Changes volatile readings make by themselves, anywhere in the history (0..1 of its steps). */
function volatileChanges(model: DeviceModel): fc.Arbitrary<VolatileChange[]> {
  const choices: fc.Arbitrary<VolatileChange>[] = [];
  for (const s of model.services)
    for (const p of s.properties ?? []) {
      if (p.volatile !== true) continue;
      choices.push(
        fc
          .tuple(fc.double({ min: 0, max: 1, noNaN: true }), validValue(p))
          .map(([at, value]) => ({ at, siid: s.siid, piid: p.piid, value: value as PropertyValue })),
      );
    }
  if (choices.length === 0) return fc.constant([]);
  return fc.array(fc.oneof(...choices), { maxLength: 8 });
}

/** A repeat's own body: valid writes, so that executing it would change something (EDP-RPC-5). */
function writeBody(index: ModelIndex): fc.Arbitrary<{ method: string; params: unknown }> {
  return validWrites(index).map((w) => (w.kind === 'request' ? w.body : { method: 'get_model', params: [] }));
}

/** Volatile readings and events the device MAY send on its own: valid, at any time. */
function spontaneous(model: DeviceModel): fc.Arbitrary<Spontaneous[]> {
  const choices: fc.Arbitrary<object>[] = [];
  for (const s of model.services) {
    for (const p of s.properties ?? []) {
      if (p.volatile !== true || !p.access.includes('notify')) continue;
      choices.push(
        validValue(p).map((value) => ({
          method: 'properties_changed',
          params: [{ siid: s.siid, piid: p.piid, value }],
        })),
      );
    }
    for (const e of s.events ?? []) {
      const args = e.arguments.map((piid) => {
        const spec = (s.properties ?? []).find((p) => p.piid === piid);
        return spec === undefined ? fc.constant(null) : validValue(spec).map((value) => ({ piid, value }));
      });
      choices.push(
        fc.tuple(...args).map((list) => ({
          method: 'event_occurred',
          params: { siid: s.siid, eiid: e.eiid, arguments: list },
        })),
      );
    }
  }
  if (choices.length === 0) return fc.constant([]);
  return fc.array(
    fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), frame: fc.oneof(...choices) }),
    { maxLength: 3 },
  );
}

interface TimedItem {
  readonly item: { readonly siid: number; readonly piid: number; readonly value: unknown };
  readonly lo: number;
  readonly hi: number;
  readonly of: number;
  readonly seq: number;
  atMs: number;
}

export function buildLegalCase(
  model: DeviceModel,
  index: ModelIndex,
  steps: readonly Step[],
  extra: readonly Spontaneous[],
  seed: number,
  volatileChanges: readonly VolatileChange[] = [],
): LegalCase {
  const rng = random(seed);
  let now = 0;
  const device = new IndependentDevice(
    model as unknown as IndependentModel,
    { deviceId: 'legal-0001' },
    () => now,
  );
  const initial = readEverything(device, index);
  const entries: HistoryEntry[] = [];
  const items: TimedItem[] = [];
  /** Answered requests that are not repeats: where they are in `entries` (before sorting), and their step. */
  const answered: Array<{ at: number; step: number }> = [];
  const sentAt: number[] = [];
  let nextId = 1000;
  let lastSentMs = 0;
  /** Volatile changes due before step `k`, each at a time after the previous request sampled it. */
  const changeBefore = (k: number, untilMs: number) => {
    for (const v of volatileChanges) {
      if (Math.min(steps.length, Math.floor(v.at * (steps.length + 1))) !== k) continue;
      const atMs = rng.int(lastSentMs, untilMs);
      const frame = device.changeByItself(v.siid, v.piid, v.value);
      if (frame === undefined) continue;
      const item = { siid: v.siid, piid: v.piid, value: v.value };
      items.push({ item, lo: atMs, hi: atMs + NOTIFICATION_DEADLINE_MS, of: -1, seq: items.length, atMs: 0 });
    }
  };
  steps.forEach((step, i) => {
    // The harness sends the next request once the response is in: at least a millisecond later here.
    now += rng.int(1, 50);
    // A reading moves between the previous request's sampling (when it was sent) and this one's.
    changeBefore(i, now);
    lastSentMs = now;
    let id: number;
    let frame: string;
    let body: { method: string; params: unknown };
    let repeats: number | undefined;
    const target = step.kind === 'repeat' ? answered[Math.max(0, answered.length - step.back)] : undefined;
    if (step.kind === 'repeat' && target !== undefined) {
      const original = entries[target.at] as Extract<HistoryEntry, { kind: 'sent' }>;
      id = original.id;
      body = step.body ?? original.body;
      repeats = target.step;
      frame = JSON.stringify({ id, ...body });
    } else {
      id = nextId++;
      body =
        step.kind === 'request' ? step.body : { method: 'get_properties', params: [{ siid: 1, piid: 1 }] };
      frame = JSON.stringify({ id, ...body });
    }
    sentAt.push(entries.length);
    entries.push({
      kind: 'sent',
      atMs: now,
      id,
      body,
      ...(repeats === undefined ? {} : { repeats }),
    } as HistoryEntry);
    const [response, ...notifications] = device.handle(frame);
    const respondedAt = now + rng.int(0, RESPONSE_DEADLINE_MS);
    entries.push({ kind: 'received', atMs: respondedAt, frame: response as string, of: i, role: 'response' });
    if (repeats === undefined) answered.push({ at: sentAt[i] as number, step: i });
    const hi = respondedAt + NOTIFICATION_DEADLINE_MS;
    for (const n of notifications) {
      const message = JSON.parse(n) as { method: string; params: unknown };
      if (message.method === 'properties_changed') {
        for (const item of message.params as TimedItem['item'][])
          items.push({ item, lo: now, hi, of: i, seq: items.length, atMs: 0 });
      } else {
        entries.push({ kind: 'received', atMs: rng.int(now, hi), frame: n, of: i, role: 'event' });
      }
    }
    now = respondedAt;
  });
  changeBefore(steps.length, now);
  const end = now + NOTIFICATION_DEADLINE_MS;
  placeItems(items, rng, index);
  entries.push(...groupItems(items, rng));
  for (const s of extra)
    entries.push({
      kind: 'received',
      atMs: Math.round(s.at * end),
      frame: JSON.stringify(s.frame),
      role: 'spontaneous',
    });
  const sorted = inTimeOrder(entries);
  // Requests are sent in step order: their places in the sorted history, step by step.
  const sentIndexes = sorted.flatMap((e, at) => (e.kind === 'sent' ? [at] : []));
  return { model, index, steps, history: { entries: sorted, initial }, sentAt: sentIndexes, seed };
}

/**
 * Each item anywhere in its window; per property, the times go to the items in change order.
 * A volatile reading's items are in no order the judge reads (validity only), and their windows
 * (changes by themselves and writes) need not rise together: each keeps its own time.
 */
function placeItems(items: TimedItem[], rng: Random, index: ModelIndex): void {
  const byProperty = new Map<string, TimedItem[]>();
  for (const t of items) {
    t.atMs = rng.int(t.lo, t.hi);
    if (index.property(t.item.siid, t.item.piid)?.volatile === true) continue;
    const key = `${t.item.siid}.${t.item.piid}`;
    byProperty.set(key, [...(byProperty.get(key) ?? []), t]);
  }
  // Windows rise with the changes (a request is sent after the previous response), so sorted times still fit.
  for (const list of byProperty.values()) {
    const times = list.map((t) => t.atMs).sort((a, b) => a - b);
    list.forEach((t, i) => {
      t.atMs = times[i] as number;
    });
  }
}

/** Consecutive items (in time) grouped into messages of 1..16, each sent when its last item is due at the latest. */
function groupItems(items: readonly TimedItem[], rng: Random): HistoryEntry[] {
  const sorted = [...items].sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  const out: HistoryEntry[] = [];
  for (let i = 0; i < sorted.length; ) {
    const size = rng.int(1, 16);
    const group: TimedItem[] = [sorted[i] as TimedItem];
    let latest = (sorted[i] as TimedItem).hi;
    for (let j = i + 1; j < sorted.length && group.length < size; j++) {
      const next = sorted[j] as TimedItem;
      if (next.atMs > Math.min(latest, next.hi)) break;
      group.push(next);
      latest = Math.min(latest, next.hi);
    }
    const last = group[group.length - 1] as TimedItem;
    const params = group.map((g) => g.item);
    const itemSteps = group.map((g) => g.of);
    const message = JSON.stringify({ method: 'properties_changed', params });
    out.push({ kind: 'received', atMs: last.atMs, frame: message, of: last.of, role: 'items', itemSteps });
    i += group.length;
  }
  return out;
}

/** What a run's setup reads: every readable, non-volatile value. */
function readEverything(device: IndependentDevice, index: ModelIndex): Record<string, PropertyValue> {
  const readable = index.properties.filter((p) => p.readable && !p.volatile);
  const out: Record<string, PropertyValue> = {};
  for (let i = 0; i < readable.length; i += 16) {
    const chunk = readable.slice(i, i + 16);
    const params = chunk.map((p) => ({ siid: p.siid, piid: p.piid }));
    const [reply] = device.handle(JSON.stringify({ id: 1 + i, method: 'get_properties', params }));
    const result = (JSON.parse(reply as string) as { result: Array<{ value: PropertyValue }> }).result;
    chunk.forEach((p, k) => {
      out[p.key] = (result[k] as { value: PropertyValue }).value;
    });
  }
  return out;
}

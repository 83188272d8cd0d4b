/**
 * How every run starts, so that a run and its replay start from the same state whatever the
 * device held before (an earlier run, or a bug that left it in a state it should never have):
 * 1. read every readable property, learning only the values that are valid (not judged: an
 *    invalid value left by an earlier bug is about to be overwritten);
 * 2. write a contrast state (every writable notify property to another value than the run's
 *    initial one), then the run's initial state where it differs (judged, with every change and
 *    notification predicted exactly from what step 1 learned; guards first): the notifications of
 *    the second write are then the same whatever the device held, so a failure there replays;
 * 3. read every readable property again, judged (EDP-PROP-1): the harness learns the state by reading.
 */
import type { PropertySpec, PropertyValue } from '../../src/model/index.js';
import { isValidValue, sameValue } from '../../src/model/index.js';
import { MAX_BATCH_ITEMS } from '../../src/protocol/index.js';
import { performRequest } from '../commands/perform-request.js';
import type { InitialState } from '../generators/initial-state.js';
import { type JudgeState, type Knowledge, knowledgeOf, known, withValue } from '../judge/knowledge.js';
import type { IndexedProperty, ModelIndex } from '../judge/model-index.js';
import type { RunSession } from './run-session.js';

export interface SetupOptions {
  /** One item per request instead of batches: once a device has failed batch order (EDP-RPC-3), other rules stay judgeable. */
  readonly singleItems?: boolean;
}

export async function setUpRun(
  session: RunSession,
  initial: InitialState,
  options: SetupOptions = {},
): Promise<void> {
  const size = options.singleItems === true ? 1 : MAX_BATCH_ITEMS;
  session.recordSetup({
    initialState: session.index.properties
      .filter((p) => initial.has(p.key))
      .map((p) => ({ siid: p.siid, piid: p.piid, value: initial.get(p.key) })),
    singleItems: options.singleItems === true,
  });
  await peekEverything(session, size);
  const contrast = contrastState(session.index, initial);
  for (const [target, what] of [
    [contrast, 'setup: write a contrast state (so the next write changes every notify property)'],
    [initial, 'setup: write the run’s initial state'],
  ] as const) {
    const items = resetItems(session.index, session.model.state, target);
    for (const batch of chunks(items, size)) {
      session.note(what);
      await performRequest(session, { method: 'set_properties', params: batch }, 'setup write', {
        repeatable: false,
      });
    }
  }
  await readEverything(session, size);
}

/** Step 1: read without judging the items; learn the values that are valid and answer what was asked. */
async function peekEverything(session: RunSession, size: number): Promise<void> {
  const readable = session.index.properties.filter((p) => p.readable);
  for (const batch of chunks(readable, size)) {
    session.note('setup: read what the device holds (items not judged: the run writes its own state next)');
    const id = session.nextId();
    const params = batch.map((p) => ({ siid: p.siid, piid: p.piid }));
    const trip = await session.roundTrip({
      frame: JSON.stringify({ id, method: 'get_properties', params }),
      responseId: id,
      description: `setup peek (#${id})`,
      repeatable: false,
      readOnly: true,
    });
    session.checkpoint();
    const result =
      trip.response !== undefined && 'result' in trip.response ? trip.response.result : undefined;
    if (!Array.isArray(result)) continue;
    let state = session.model.state;
    batch.forEach((p, i) => {
      const item = result[i] as
        | { siid?: unknown; piid?: unknown; code?: unknown; value?: unknown }
        | undefined;
      const fits =
        item?.siid === p.siid && item.piid === p.piid && item.code === 0 && isValidValue(p.spec, item.value);
      if (fits && !p.volatile) state = withValue(state, p, known(item.value as PropertyValue, 'read'));
    });
    session.setState(state);
  }
}

async function readEverything(session: RunSession, size: number): Promise<void> {
  const readable = session.index.properties.filter((p) => p.readable);
  for (const batch of chunks(readable, size)) {
    session.note('setup: read every readable property (judged)');
    const params = batch.map((p) => ({ siid: p.siid, piid: p.piid }));
    const performed = await performRequest(session, { method: 'get_properties', params }, 'setup read');
    // Judged already (valid values, code 0): now learn them.
    const result =
      performed.response !== undefined && 'result' in performed.response ? performed.response.result : [];
    let state = session.model.state;
    batch.forEach((property, i) => {
      const item = (result as Array<{ value?: unknown }>)[i];
      if (item !== undefined && !property.volatile)
        state = withValue(state, property, known(item.value as PropertyValue, 'read'));
    });
    session.setState(state);
  }
}

export interface WriteItem {
  readonly siid: number;
  readonly piid: number;
  readonly value: unknown;
}

/**
 * The writes that take the device from `state` to `initial`, guards first: a guarded property
 * is written after its guard is made to hold, and guard properties get their own value last.
 * Values the harness does not know count as differing. Exported for tests.
 */
export function resetItems(index: ModelIndex, state: JudgeState, initial: InitialState): WriteItem[] {
  const current = new Map<string, Knowledge>();
  const currentValue = (p: IndexedProperty) => current.get(p.key) ?? knowledgeOf(state, p);
  const items: WriteItem[] = [];
  const differs = (p: IndexedProperty, want: unknown) => {
    const have = currentValue(p);
    return want !== undefined && (!have.known || !sameValue(have.value, want));
  };
  // Only writes whose own guard is known to hold are made: the judge must be able to predict each one.
  const holds = (p: IndexedProperty) => {
    const when = p.spec.when;
    if (when === undefined) return true;
    const guard = index.property(p.siid, when.piid);
    const value = guard === undefined ? undefined : currentValue(guard);
    return value?.known === true && sameValue(value.value, when.equals);
  };
  const tryWrite = (p: IndexedProperty, value: unknown): boolean => {
    if (!p.writable || !holds(p)) return false;
    items.push({ siid: p.siid, piid: p.piid, value });
    current.set(p.key, known(value as PropertyValue, 'write'));
    return true;
  };
  const targets = index.properties.filter((p) => initial.has(p.key));
  const guardKeys = new Set(
    targets.flatMap((p) => (p.spec.when === undefined ? [] : [`${p.siid}.${p.spec.when.piid}`])),
  );
  // Guarded properties before unguarded ones, and guard properties after what they guard, so each ends at its own value.
  const isGuard = (p: IndexedProperty) => guardKeys.has(p.key);
  const order = [
    ...targets.filter((p) => p.spec.when !== undefined && !isGuard(p)),
    ...targets.filter((p) => p.spec.when !== undefined && isGuard(p)),
    ...targets.filter((p) => p.spec.when === undefined && !isGuard(p)),
    ...targets.filter((p) => p.spec.when === undefined && isGuard(p)),
  ];
  // A few passes: writing a guard for one property may move another guard off its own value.
  for (let pass = 0; pass < 3; pass++) {
    const before = items.length;
    for (const p of order) {
      if (!differs(p, initial.get(p.key))) continue;
      const when = p.spec.when;
      const guard = when === undefined ? undefined : index.property(p.siid, when.piid);
      if (!holds(p) && (when === undefined || guard === undefined || !tryWrite(guard, when.equals))) continue;
      tryWrite(p, initial.get(p.key));
    }
    if (items.length === before) break;
  }
  return items;
}

/**
 * The initial state with every writable, non-volatile notify property moved to another valid
 * value (a deterministic one), so that writing the initial state after it changes each of them.
 * Exported for tests.
 */
export function contrastState(index: ModelIndex, initial: InitialState): InitialState {
  const out = new Map(initial);
  for (const p of index.properties) {
    const value = initial.get(p.key);
    if (value === undefined || !p.notify || p.volatile) continue;
    const other = contrastValue(p.spec, value);
    if (other !== undefined) out.set(p.key, other);
  }
  return out;
}

function contrastValue(spec: PropertySpec, value: PropertyValue): PropertyValue | undefined {
  const candidates: unknown[] = [];
  if (spec.format === 'bool') candidates.push(!value);
  else if (spec.values !== undefined) candidates.push(...spec.values.map((v) => v.value));
  else if (spec.range !== undefined) candidates.push(spec.range[0], spec.range[0] + spec.range[2]);
  else if (spec.format === 'string') candidates.push('', 'x');
  else candidates.push(0, 1);
  return candidates.find((c): c is PropertyValue => !sameValue(c, value) && isValidValue(spec, c));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * How every run starts (section 2: a harness learns the state by reading): read every readable
 * property (judged like any read: EDP-PROP-1), then write the run's initial state, so that a
 * run and its replay start from the same state whatever the device held before. Only values
 * that differ are written (with the guard that allows a guarded one), so setup itself never
 * makes an unchanged write.
 */

import type { PropertyValue } from '../../src/model/types.js';
import { sameValue } from '../../src/model/values.js';
import { MAX_BATCH_ITEMS } from '../../src/protocol/codes.js';
import { performRequest } from '../commands/perform-request.js';
import type { InitialState } from '../generators/initial-state.js';
import { type Knowledge, knowledgeOf, known, type OracleState, withValue } from '../oracle/knowledge.js';
import type { IndexedProperty, ModelIndex } from '../oracle/model-index.js';
import type { RunSession } from './run-session.js';

export interface SetupOptions {
  /** One item per request instead of batches: once a device has failed batch order (EDP-RPC-3), other rules stay judgeable. */
  readonly singleItems?: boolean;
  /**
   * First put the device back into this state (when shrinking: the state the failing run found),
   * so that the run's own setup writes, and what they notify, are the same as in that run.
   */
  readonly restore?: InitialState;
}

export async function setUpRun(
  session: RunSession,
  initial: InitialState,
  options: SetupOptions = {},
): Promise<void> {
  const size = options.singleItems === true ? 1 : MAX_BATCH_ITEMS;
  if (options.restore !== undefined) {
    await readEverything(session, size);
    await writeState(session, options.restore, size, 'setup: put back the state the failing run found');
  }
  await readEverything(session, size);
  session.foundState = foundState(session);
  await writeState(session, initial, size, 'setup: write the run’s initial state');
}

/** The writable, readable, non-volatile values the harness knows now. */
function foundState(session: RunSession): Map<string, PropertyValue> {
  const found = new Map<string, PropertyValue>();
  for (const p of session.index.properties) {
    if (!p.writable || !p.readable || p.volatile) continue;
    const k = knowledgeOf(session.model.state, p);
    if (k.known) found.set(p.key, k.value);
  }
  return found;
}

async function writeState(
  session: RunSession,
  target: InitialState,
  size: number,
  note: string,
): Promise<void> {
  const items = resetItems(session.index, session.model.state, target);
  for (const batch of chunks(items, size)) {
    session.note(note);
    await performRequest(session, { method: 'set_properties', params: batch }, 'setup write', {
      repeatable: false,
    });
  }
}

async function readEverything(session: RunSession, size: number): Promise<void> {
  const readable = session.index.properties.filter((p) => p.readable);
  for (const batch of chunks(readable, size)) {
    session.note('setup: read every readable property');
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

/** The writes that take the device from `state` to `initial`; exported for tests. */
export function resetItems(
  index: ModelIndex,
  state: OracleState,
  initial: InitialState,
): Array<Record<string, unknown>> {
  const current = new Map<string, Knowledge>();
  const currentValue = (p: IndexedProperty) => current.get(p.key) ?? knowledgeOf(state, p);
  const items: Array<Record<string, unknown>> = [];
  const write = (p: IndexedProperty, value: unknown) => {
    items.push({ siid: p.siid, piid: p.piid, value });
    current.set(p.key, known(value as PropertyValue, 'write'));
  };
  const differs = (p: IndexedProperty) => {
    const want = initial.get(p.key);
    const have = currentValue(p);
    return want !== undefined && (!have.known || !sameValue(have.value, want));
  };
  const targets = index.properties.filter((p) => initial.has(p.key));
  const guardKeys = new Set<string>();
  for (const p of targets) {
    const guard = p.spec.when;
    if (guard !== undefined) guardKeys.add(`${p.siid}.${guard.piid}`);
  }
  for (const p of targets.filter((t) => t.spec.when !== undefined)) {
    if (!differs(p)) continue;
    const guard = p.spec.when;
    const guardProperty = guard === undefined ? undefined : index.property(p.siid, guard.piid);
    if (guard !== undefined && guardProperty !== undefined) {
      const now = currentValue(guardProperty);
      if (!now.known || !sameValue(now.value, guard.equals)) {
        if (!guardProperty.writable) continue;
        write(guardProperty, guard.equals);
      }
    }
    write(p, initial.get(p.key));
  }
  const rest = targets.filter((p) => p.spec.when === undefined);
  for (const p of [
    ...rest.filter((r) => !guardKeys.has(r.key)),
    ...rest.filter((r) => guardKeys.has(r.key)),
  ]) {
    if (differs(p)) write(p, initial.get(p.key));
  }
  return items;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * `set_properties`: items served in order, each seeing the state the items before it left
 * (section 3); codes in the order -4003, -4002, -4005, -4007 (EDP-PROP-3, EDP-PROP-4).
 */
import type { PropertyValue } from '../../../src/model/index.js';
import { isValidValue } from '../../../src/model/index.js';
import type { SetPropertyItem, SetPropertyResult } from '../../../src/protocol/index.js';
import { ItemCode } from '../../../src/protocol/index.js';
import {
  clampIntoSpec,
  isOffGridOnly,
  isOutOfRangeOnly,
  isUnlistedOnly,
  wrongWriteCode,
} from '../../faults/engine-transforms.js';
import type { PropertyEntry } from '../compiled-model.js';
import type { EngineContext, MethodHandler } from '../handler.js';
import { echoAddress, finishBatch } from './batch.js';

export const setProperties: MethodHandler<readonly SetPropertyItem[]> = (context, items) => {
  const checkpoint = context.faulty ? context.checkpoint() : undefined;
  return finishBatch(
    context,
    items.map((item) => writeItem(context, item)),
    checkpoint,
  );
};

function writeItem(context: EngineContext, item: SetPropertyItem): SetPropertyResult {
  const entry = context.compiled.findProperty(item.siid, item.piid);
  if (!entry) return { ...echoAddress(item), code: ItemCode.notFound };
  const code = writeCode(context, entry, item.value);
  // fault hook: wrong-item-code (EDP-PROP-4)
  if ((code === ItemCode.notWritable || code === ItemCode.invalidValue) && context.fires('wrong-item-code')) {
    return { ...echoAddress(item), code: wrongWriteCode(code) };
  }
  return { ...echoAddress(item), code };
}

/** Stores the value when every check passes; a failing write changes nothing (EDP-PROP-4). */
function writeCode(context: EngineContext, entry: PropertyEntry, raw: unknown): number {
  // fault hook: write-read-only
  if (!entry.writable && !context.fires('write-read-only')) return ItemCode.notWritable;
  const value = acceptedValue(context, entry, raw);
  if (value === undefined) return ItemCode.invalidValue;
  // fault hook: ignore-when
  if (!context.guardHolds(entry.guard) && !context.fires('ignore-when')) return ItemCode.notAllowedInState;
  // fault hook: lost-write (EDP-PROP-3)
  if (context.fires('lost-write')) return ItemCode.ok;
  context.assign(entry, value, 'write');
  return ItemCode.ok;
}

/** The value to store, or `undefined` for -4005 (a missing value included). */
function acceptedValue(
  context: EngineContext,
  entry: PropertyEntry,
  raw: unknown,
): PropertyValue | undefined {
  if (isValidValue(entry.spec, raw)) return raw;
  if (!context.faulty) return undefined;
  // fault hook: accept-out-of-range
  if (isOutOfRangeOnly(entry.spec, raw) && context.fires('accept-out-of-range')) return raw as PropertyValue;
  // fault hook: accept-off-grid
  if (isOffGridOnly(entry.spec, raw) && context.fires('accept-off-grid')) return raw as PropertyValue;
  // fault hook: accept-unlisted-value
  if (isUnlistedOnly(entry.spec, raw) && context.fires('accept-unlisted-value')) return raw as PropertyValue;
  // fault hook: silent-clamp
  const clamped = clampIntoSpec(entry.spec, raw);
  return clamped !== undefined && context.fires('silent-clamp') ? clamped : undefined;
}

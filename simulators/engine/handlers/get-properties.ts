/** `get_properties`: one result per item, in order (EDP-RPC-3, EDP-PROP-1, EDP-PROP-2). */

import type { GetPropertyItem, GetPropertyResult } from '../../../src/protocol/index.js';
import { ItemCode } from '../../../src/protocol/index.js';
import { wrongReadCode } from '../../faults/engine-transforms.js';
import type { EngineContext, MethodHandler } from '../handler.js';
import { echoAddress, finishBatch } from './batch.js';

export const getProperties: MethodHandler<readonly GetPropertyItem[]> = (context, items) =>
  finishBatch(
    context,
    items.map((item) => readItem(context, item)),
    undefined,
  );

/** Codes in the order of section 3: -4003, then -4001. Ids are echoed as sent. */
function readItem(context: EngineContext, item: GetPropertyItem): GetPropertyResult {
  const entry = context.compiled.findProperty(item.siid, item.piid);
  if (!entry) return { ...echoAddress(item), code: ItemCode.notFound };
  // fault hook: unreadable-returns-value (EDP-PROP-2)
  if (!entry.readable && !context.fires('unreadable-returns-value')) {
    // fault hook: wrong-item-code
    const code = context.fires('wrong-item-code')
      ? wrongReadCode(ItemCode.notReadable)
      : ItemCode.notReadable;
    return { ...echoAddress(item), code };
  }
  const value = context.value(entry);
  // fault hook: wrong-value-type (EDP-PROP-1)
  if (typeof value === 'number' && context.fires('wrong-value-type')) {
    return { ...echoAddress(item), code: ItemCode.ok, value: String(value) };
  }
  return { ...echoAddress(item), code: ItemCode.ok, value };
}

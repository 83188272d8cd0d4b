/**
 * What get_properties and set_properties share: results in params order, one per item
 * (EDP-RPC-3), items independent (EDP-PROP-2), and the batch-level planted bugs.
 */
import { mismatchBatchLength, reorderBatch } from '../../faults/engine-transforms.js';
import type { Checkpoint, EngineContext } from '../handler.js';

interface BatchItemResult {
  readonly siid: unknown;
  readonly piid: unknown;
  readonly code: number;
}

/**
 * The batch result as sent. Clean: `results` untouched. Faults hook here: poisoned-batch
 * (undoing the batch's writes from `checkpoint`), reorder-batch, batch-length-mismatch.
 */
export function finishBatch<T extends BatchItemResult>(
  context: EngineContext,
  results: T[],
  checkpoint: Checkpoint | undefined,
): readonly BatchItemResult[] {
  if (!context.faulty) return results;
  let sent: BatchItemResult[] = results;
  const failed = results.find((r) => r.code !== 0);
  if (failed && context.fires('poisoned-batch')) {
    if (checkpoint) context.rollback(checkpoint);
    sent = results.map((r) => ({ siid: r.siid, piid: r.piid, code: failed.code }));
  }
  if (sent.length >= 2 && context.fires('reorder-batch')) sent = reorderBatch(sent);
  if (context.fires('batch-length-mismatch')) sent = mismatchBatchLength(sent);
  return sent;
}

/**
 * The item's address as the request carried it (docs/protocol.md "Echoes"): by value, and `null`
 * for a missing siid or piid, so every result item has the same shape.
 */
export function echoAddress(item: { readonly siid?: unknown; readonly piid?: unknown }): {
  siid: number;
  piid: number;
} {
  // A missing or non-integer address is echoed as sent (code -4003); the result type names the usual case.
  return { siid: (item.siid ?? null) as number, piid: (item.piid ?? null) as number };
}

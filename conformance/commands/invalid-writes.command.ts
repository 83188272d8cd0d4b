/**
 * A batch of invalid writes, one item per constraint of writable properties (EDP-PROP-4: each
 * gets -4005, which wins over a failing `when`'s -4007, and changes nothing), then a read-back of
 * those properties: a device that refuses a value but keeps it anyway fails EDP-PROP-4 too. The
 * items are independent (a refused item leaves the state as it was), so one request carries
 * several cases; a violation names its item's case (property, value, constraint). Once batches
 * are known broken (EDP-RPC-3), each item goes on its own.
 */
import type fc from 'fast-check';
import { MAX_BATCH_ITEMS } from '../../src/protocol/index.js';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import type { ModelIndex } from '../judge/model-index.js';
import { performRequest } from './perform-request.js';

export class InvalidWritesCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(readonly items: readonly ItemSpec[]) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    const batches = session.ctx.batchesBroken ? this.items.map((i) => [i]) : [this.items];
    for (const batch of batches) {
      await performRequest(
        session,
        { method: 'set_properties', params: batch.map((i) => i.item) },
        `set ${batch.map((i) => i.text).join(', ')}`,
        { itemNotes: batch.map((i) => i.text) },
      );
    }
    const written = readBack(session.index, this.items);
    const reads = session.ctx.batchesBroken ? written.map((a) => [a]) : chunks(written, MAX_BATCH_ITEMS);
    const refused = new Set(written.map((a) => `${a.siid}.${a.piid}`));
    for (const batch of reads) {
      await performRequest(session, { method: 'get_properties', params: batch }, 'read back', {
        // A value other than the one held before the refused writes: one of them was kept.
        judge: {
          readMismatchRule: (p) => (refused.has(`${p.siid}.${p.piid}`) ? 'EDP-PROP-4' : undefined),
        },
        note: 'the properties just written with invalid values (none of them may change)',
      });
    }
  }

  toString(): string {
    return `set ${this.items.map((i) => i.text).join(', ')}, then read them back`;
  }
}

/** The readable, non-volatile properties the items address, once each, model order. */
function readBack(index: ModelIndex, items: readonly ItemSpec[]): Array<{ siid: number; piid: number }> {
  const keys = new Set(items.map((i) => `${String(i.item.siid)}.${String(i.item.piid)}`));
  return index.properties
    .filter((p) => p.readable && !p.volatile && keys.has(`${p.siid}.${p.piid}`))
    .map((p) => ({ siid: p.siid, piid: p.piid }));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

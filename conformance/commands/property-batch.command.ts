/**
 * What `get_properties` and `set_properties` commands share: a batch of 1..16 generated items,
 * sent as one request and judged by the judge; they differ only in method and verb.
 */
import type fc from 'fast-check';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { performRequest } from './perform-request.js';

export abstract class PropertyBatchCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  protected abstract readonly method: 'get_properties' | 'set_properties';
  /** The word a partner reads in a counterexample: `get` or `set`. */
  protected abstract readonly verb: string;

  constructor(readonly items: readonly ItemSpec[]) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    await performRequest(
      session,
      { method: this.method, params: this.items.map((i) => i.item) },
      this.toString(),
      // A write's violation names the item's value and why it was chosen (a read's item is its address alone).
      this.method === 'set_properties' ? { itemNotes: this.items.map((i) => i.text) } : {},
    );
  }

  toString(): string {
    return `${this.verb} ${this.items.map((i) => i.text).join(', ')}`;
  }
}

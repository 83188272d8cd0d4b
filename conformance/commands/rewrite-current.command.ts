/**
 * Writes a property's current value again (EDP-NOTIFY-1: a write that leaves the value as it
 * was is not a change and is not notified). The value is the one the harness knows at run time.
 */
import type fc from 'fast-check';
import { show } from '../generators/address-text.js';
import { canonicalValue } from '../generators/canonical-value.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { knowledgeOf } from '../judge/knowledge.js';
import type { IndexedProperty } from '../judge/model-index.js';
import { performRequest } from './perform-request.js';

export class RewriteCurrentCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  private lastValue: unknown;

  constructor(
    readonly property: IndexedProperty,
    readonly text: string,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: SuiteModel, session: RunSession): Promise<void> {
    const current = knowledgeOf(model.state, this.property);
    this.lastValue = current.known ? current.value : canonicalValue(this.property.spec);
    session.beginCommand(this.toString());
    const item = { siid: this.property.siid, piid: this.property.piid, value: this.lastValue };
    await performRequest(session, { method: 'set_properties', params: [item] }, this.toString());
  }

  toString(): string {
    const value = this.lastValue === undefined ? '' : ` (${show(this.lastValue)})`;
    return `set ${this.text} to its current value${value}`;
  }
}

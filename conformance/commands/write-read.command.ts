/**
 * A valid write, then a read of the same property (EDP-PROP-3: every later read gives the
 * written value). Separate from random sets and gets so a lost write is caught by the read
 * that follows it, not by chance.
 */
import type fc from 'fast-check';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { performRequest } from './perform-request.js';

export class WriteReadCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(readonly write: ItemSpec) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    const { siid, piid } = this.write.item;
    await performRequest(
      session,
      { method: 'set_properties', params: [this.write.item] },
      `set ${this.write.text}`,
    );
    await performRequest(session, { method: 'get_properties', params: [{ siid, piid }] }, 'read back');
  }

  toString(): string {
    return `set ${this.write.text}, then read it back`;
  }
}

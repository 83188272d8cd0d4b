/**
 * `action`, valid or not (EDP-ACT-1, EDP-ACT-2), optionally after a write that makes its
 * `when` hold, so guarded actions run often enough to be judged.
 */
import type fc from 'fast-check';
import type { ActionCallSpec } from '../generators/action-call.js';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { performRequest } from './perform-request.js';

export class ActionCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(
    readonly call: ActionCallSpec,
    /** Written first, in one batch: the action's guard (`when`), when it has one. */
    readonly before: readonly ItemSpec[] = [],
  ) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    if (this.before.length > 0) {
      const text = `set ${this.before.map((i) => i.text).join(', ')}`;
      await performRequest(
        session,
        { method: 'set_properties', params: this.before.map((i) => i.item) },
        text,
      );
    }
    await performRequest(
      session,
      { method: 'action', params: this.call.params },
      `action ${this.call.text}`,
      {
        note: `action ${this.call.text}`,
      },
    );
  }

  toString(): string {
    const prefix = this.before.length > 0 ? `after set ${this.before.map((i) => i.text).join(', ')}: ` : '';
    return `${prefix}action ${this.call.text}`;
  }
}

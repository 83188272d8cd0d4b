/**
 * `action`, valid or not (EDP-ACT-1, EDP-ACT-2), optionally after a write that makes its
 * `when` hold, so guarded actions run often enough to be judged.
 */
import type fc from 'fast-check';
import type { ActionCallSpec } from '../generators/action-call.js';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { guardPrefix, performGuardedAction } from './perform-guarded-action.js';

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
    await performGuardedAction(session, this.call, this.before);
  }

  toString(): string {
    return `${guardPrefix(this.before)}action ${this.call.text}`;
  }
}

/**
 * One `action` call with invalid `in` (EDP-ACT-2: -4006, which wins over a failing `when`'s
 * -4007, and changes nothing), optionally after the write that makes the action's guard hold,
 * then a read-back of the properties its effects would change: a device that answers -4006 but
 * performs the effects anyway fails EDP-ACT-2 too. A violation names the call's case (which
 * argument, which value, which constraint).
 */
import type fc from 'fast-check';
import type { ActionCallSpec } from '../generators/action-call.js';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import type { IndexedAction, ModelIndex } from '../judge/model-index.js';
import { guardPrefix, performGuardedAction } from './perform-guarded-action.js';
import { performRequest } from './perform-request.js';

export class InvalidCallCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(
    readonly action: IndexedAction,
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
    const targets = effectTargets(session.index, this.action);
    const keys = new Set(targets.map((t) => `${t.siid}.${t.piid}`));
    const reads = session.ctx.batchesBroken ? targets.map((t) => [t]) : targets.length > 0 ? [targets] : [];
    for (const batch of reads) {
      await performRequest(session, { method: 'get_properties', params: batch }, 'read back', {
        judge: { readMismatchRule: (p) => (keys.has(`${p.siid}.${p.piid}`) ? 'EDP-ACT-2' : undefined) },
        note: `the properties ${this.action.label}'s effects change, after the refused call (none may change)`,
      });
    }
  }

  toString(): string {
    return `${guardPrefix(this.before)}action ${this.call.text}, then read back what its effects change`;
  }
}

/** The readable, non-volatile properties the action's effects change (at most 16), model order. */
function effectTargets(index: ModelIndex, action: IndexedAction): Array<{ siid: number; piid: number }> {
  const piids = new Set(action.spec.effects.flatMap((e) => (e.op === 'emit' ? [] : [e.piid])));
  return index.properties
    .filter((p) => p.siid === action.siid && piids.has(p.piid) && p.readable && !p.volatile)
    .slice(0, 16)
    .map((p) => ({ siid: p.siid, piid: p.piid }));
}

/**
 * An action whose `add` effect crosses the edge of a range: write the property to the edge
 * (and the guards that allow it), invoke the action, read the property back (EDP-ACT-1:
 * clamp and wrap predicted exactly). Random sequences reach these edges too rarely.
 */
import type fc from 'fast-check';
import type { ActionCallSpec } from '../generators/action-call.js';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { performRequest } from './perform-request.js';

export class ActionAtEdgeCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(
    /** Guards first, then the property at its edge, then the action's guard. */
    readonly setup: readonly ItemSpec[],
    readonly call: ActionCallSpec,
    /** The property the effect changes, read back when readable. */
    readonly readBack: { readonly siid: number; readonly piid: number; readonly text: string } | undefined,
  ) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    const setText = `set ${this.setup.map((i) => i.text).join(', ')}`;
    await performRequest(
      session,
      { method: 'set_properties', params: this.setup.map((i) => i.item) },
      setText,
    );
    await performRequest(session, { method: 'action', params: this.call.params }, `action ${this.call.text}`);
    if (this.readBack !== undefined) {
      const { siid, piid } = this.readBack;
      await performRequest(session, { method: 'get_properties', params: [{ siid, piid }] }, 'read back');
    }
  }

  toString(): string {
    const then = this.readBack === undefined ? '' : `, then read ${this.readBack.text}`;
    return `at ${this.setup.map((i) => i.text).join(', ')}: action ${this.call.text}${then}`;
  }
}

/** `set_properties` with 1..16 items, mixed good and bad (EDP-PROP-3, EDP-PROP-4, EDP-PROP-2, EDP-NOTIFY-1/2). */
import type fc from 'fast-check';
import type { ItemSpec } from '../generators/get-item.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { performRequest } from './perform-request.js';

export class SetPropertiesCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(readonly items: readonly ItemSpec[]) {}

  check(): boolean {
    return true;
  }

  async run(_model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    await performRequest(
      session,
      { method: 'set_properties', params: this.items.map((i) => i.item) },
      this.toString(),
    );
  }

  toString(): string {
    return `set ${this.items.map((i) => i.text).join(', ')}`;
  }
}

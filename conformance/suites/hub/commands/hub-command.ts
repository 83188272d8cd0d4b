/**
 * The shared base of the hub suite's commands (fast-check `AsyncCommand`): each records its
 * readable line (`toString`, what a counterexample shows) before it acts.
 */
import type fc from 'fast-check';
import type { HubModel, HubSession } from '../hub-session.js';

export abstract class HubCommand implements fc.AsyncCommand<HubModel, HubSession> {
  check(_model: Readonly<HubModel>): boolean {
    return true;
  }

  async run(model: HubModel, session: HubSession): Promise<void> {
    session.commands.push(this.toString());
    await this.act(model, session);
  }

  protected abstract act(model: HubModel, session: HubSession): Promise<void>;
  abstract toString(): string;
}

/** Waits until one connection has all its answers (so the next commands are not in flight with them). */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export class SettleCommand extends HubCommand {
  constructor(readonly connection: string) {
    super();
  }

  protected act(_model: HubModel, session: HubSession): Promise<void> {
    return session.settle(this.connection);
  }

  toString(): string {
    return `${this.connection} waits for its answers`;
  }
}

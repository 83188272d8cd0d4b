/** `devices.list` (EDP-HUB-5: exactly the granted devices, sorted, offline ones included). */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export class ListCommand extends HubCommand {
  constructor(readonly connection: string) {
    super();
  }

  protected async act(_model: HubModel, session: HubSession): Promise<void> {
    await session.request(this.connection, 'devices.list', {}, { kind: 'list' }, this.toString());
  }

  toString(): string {
    return `${this.connection} devices.list`;
  }
}

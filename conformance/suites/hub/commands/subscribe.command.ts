/**
 * `subscribe` a list, `"*"` or `[]` (EDP-HUB-3; a list with an id not granted: EDP-HUB-5).
 * Waits for the connection's answers, so that what follows is judged against a known set.
 */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export class SubscribeCommand extends HubCommand {
  constructor(
    readonly connection: string,
    readonly deviceIds: readonly string[] | '*',
  ) {
    super();
  }

  protected async act(_model: HubModel, session: HubSession): Promise<void> {
    await session.request(
      this.connection,
      'subscribe',
      { deviceIds: this.deviceIds },
      { kind: 'subscribe', deviceIds: this.deviceIds },
      this.toString(),
    );
    await session.settle(this.connection);
  }

  toString(): string {
    return `${this.connection} subscribe ${JSON.stringify(this.deviceIds)}`;
  }
}

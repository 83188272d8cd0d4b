/** An app with a token the hub does not know: 401 before the upgrade (judged under EDP-HUB-5: it is granted nothing). */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export class UnknownTokenCommand extends HubCommand {
  protected act(_model: HubModel, session: HubSession): Promise<void> {
    return session.unknownTokenUpgrade(this.toString());
  }

  toString(): string {
    return 'an app with an unknown token connects';
  }
}

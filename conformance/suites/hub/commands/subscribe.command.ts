/**
 * `subscribe` a list, `"*"` or `[]` (EDP-HUB-3; a list with an id not granted: EDP-HUB-5), once
 * or several times in a row (each replaces the last). Waits for each answer, so that what
 * follows is judged against a known set.
 */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export class SubscribeCommand extends HubCommand {
  readonly sets: readonly (readonly string[] | '*')[];

  constructor(
    readonly connection: string,
    ...sets: (readonly string[] | '*')[]
  ) {
    super();
    this.sets = sets;
  }

  protected async act(_model: HubModel, session: HubSession): Promise<void> {
    for (const deviceIds of this.sets) {
      await session.request(
        this.connection,
        'subscribe',
        { deviceIds },
        { kind: 'subscribe', deviceIds },
        `${this.connection} subscribe ${JSON.stringify(deviceIds)}`,
      );
      await session.settle(this.connection);
    }
  }

  toString(): string {
    return `${this.connection} subscribe ${this.sets.map((s) => JSON.stringify(s)).join(', then ')}`;
  }
}

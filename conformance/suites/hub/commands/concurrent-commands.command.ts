/**
 * Commands from several connections sent back to back without waiting, so they are in flight
 * at once: typically both connections of one token (EDP-HUB-1, each answer reaches the
 * connection that asked, under its own id). The connections open first, so a hub sees every
 * one of them open while the commands are in flight.
 */
import type { HubModel, HubSession } from '../hub-session.js';
import type { DeviceCommand } from './device-command.command.js';
import { HubCommand } from './hub-command.js';

export class ConcurrentCommands extends HubCommand {
  constructor(readonly parts: readonly DeviceCommand[]) {
    super();
  }

  protected async act(model: HubModel, session: HubSession): Promise<void> {
    await Promise.all(this.parts.map((p) => session.link(p.connection)));
    for (const part of this.parts) await part.send(model, session);
  }

  toString(): string {
    return `at once: ${this.parts.map((p) => p.toString()).join('; ')}`;
  }
}

/**
 * Something happens to a device, then an app commands that very device: a command to a device
 * that just went offline, turned silent or slow (EDP-HUB-2: `-4010` at once, `-4011` at D and
 * the late answer dropped). Each part shows as its own line in a counterexample.
 */
import type { HubModel, HubSession } from '../hub-session.js';
import type { DeviceCommand } from './device-command.command.js';
import type { FleetEventCommand } from './fleet-event.command.js';
import { HubCommand } from './hub-command.js';

export class CommandAfterFleetEvent extends HubCommand {
  constructor(
    readonly event: FleetEventCommand,
    readonly command: DeviceCommand,
  ) {
    super();
  }

  override check(model: Readonly<HubModel>): boolean {
    return this.event.check(model);
  }

  override async run(model: HubModel, session: HubSession): Promise<void> {
    await this.event.run(model, session);
    await this.command.run(model, session);
  }

  protected act(): Promise<void> {
    return Promise.resolve();
  }

  toString(): string {
    return `${this.event.toString()}, then ${this.command.toString()}`;
  }
}

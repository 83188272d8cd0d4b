/**
 * Several commands from one connection to one device, sent back to back without waiting, so
 * they are in flight together: the hub forwards them in arrival order (EDP-HUB-1).
 */
import type { DeviceCall } from '../generators/device-call.js';
import type { HubModel, HubSession } from '../hub-session.js';
import { DeviceCommand } from './device-command.command.js';
import { HubCommand } from './hub-command.js';

export class PipelineCommand extends HubCommand {
  private readonly parts: readonly DeviceCommand[];

  constructor(
    readonly connection: string,
    readonly deviceId: string,
    readonly calls: readonly DeviceCall[],
  ) {
    super();
    this.parts = calls.map((call) => new DeviceCommand(connection, deviceId, call));
  }

  protected async act(model: HubModel, session: HubSession): Promise<void> {
    for (const part of this.parts) await part.send(model, session);
  }

  toString(): string {
    return `${this.connection} sends in a row to ${this.deviceId}: ${this.parts.map((p) => p.toString().slice(this.connection.length + 1)).join('; ')}`;
  }
}

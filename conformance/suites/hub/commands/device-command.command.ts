/** `devices.get_properties` / `set_properties` / `action` / `get_model` for one device (EDP-HUB-1, -2, -5). */
import type { DeviceCall } from '../generators/device-call.js';
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

const VERB = {
  get_properties: 'get',
  set_properties: 'set',
  action: 'action',
  get_model: 'get_model',
} as const;

export class DeviceCommand extends HubCommand {
  constructor(
    readonly connection: string,
    readonly deviceId: string,
    readonly call: DeviceCall,
  ) {
    super();
  }

  /** The app's params: `items` for the property methods, the action's members beside `deviceId`. */
  appParams(): Record<string, unknown> {
    const { method, deviceParams } = this.call;
    if (method === 'get_model') return { deviceId: this.deviceId };
    if (method === 'action') return { deviceId: this.deviceId, ...(deviceParams as Record<string, unknown>) };
    return { deviceId: this.deviceId, items: deviceParams };
  }

  protected act(model: HubModel, session: HubSession): Promise<void> {
    return this.send(model, session);
  }

  /** Sends it without recording a command line of its own (a pipeline records one for all). */
  async send(_model: HubModel, session: HubSession): Promise<void> {
    await session.request(
      this.connection,
      `devices.${this.call.method}`,
      this.appParams(),
      {
        kind: 'device-command',
        deviceId: this.deviceId,
        method: this.call.method,
        deviceParams: this.call.deviceParams,
      },
      this.toString(),
    );
  }

  toString(): string {
    const label = this.call.label === '' ? '' : ` ${this.call.label}`;
    return `${this.connection} ${VERB[this.call.method]} ${this.deviceId}${label}`;
  }
}

/** Params without a string `deviceId` (or `items`): `-32602` and nothing forwarded (EDP-HUB-2). */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export const BAD_PARAMS = [
  'no deviceId',
  'numeric deviceId',
  'no items',
  'params an array',
  'no params',
] as const;
export type BadParamsKind = (typeof BAD_PARAMS)[number];

export class BadParamsCommand extends HubCommand {
  constructor(
    readonly connection: string,
    readonly kind: BadParamsKind,
    readonly deviceId: string,
  ) {
    super();
  }

  private shape(): { method: string; params: unknown; deviceId?: string } {
    const items = [{ siid: 1, piid: 1 }];
    switch (this.kind) {
      case 'no deviceId':
        return { method: 'devices.get_properties', params: { items } };
      case 'numeric deviceId':
        return { method: 'devices.get_properties', params: { deviceId: 7, items } };
      case 'no items':
        return {
          method: 'devices.set_properties',
          params: { deviceId: this.deviceId },
          deviceId: this.deviceId,
        };
      case 'params an array':
        return { method: 'devices.action', params: [this.deviceId, 2, 1] };
      case 'no params':
        return { method: 'devices.get_model', params: undefined };
    }
  }

  protected async act(_model: HubModel, session: HubSession): Promise<void> {
    const { method, params, deviceId } = this.shape();
    await session.request(
      this.connection,
      method,
      params,
      deviceId === undefined ? { kind: 'bad-params' } : { kind: 'bad-params', deviceId },
      this.toString(),
    );
  }

  toString(): string {
    const { method, params } = this.shape();
    return `${this.connection} ${method} with ${this.kind} ${params === undefined ? '' : JSON.stringify(params)}`.trimEnd();
  }
}

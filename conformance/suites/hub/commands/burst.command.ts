/**
 * Capacity (section 8): `connections` connections of one token, `perConnection` requests in
 * flight on each at once, all to online devices. Judged like any command; a hub that answers
 * `-4013` or times out within the capacity fails EDP-HUB-1 (the app does not get the device's
 * answer). Shrinks towards fewer connections and requests.
 */
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

/** A small read every device has (section 2's device-information): capacity is about requests in flight, not bytes. */
const MANUFACTURER = [{ siid: 1, piid: 1 }];

export class BurstCommand extends HubCommand {
  constructor(
    readonly app: string,
    readonly connections: number,
    readonly perConnection: number,
    readonly deviceIds: readonly string[],
  ) {
    super();
  }

  override check(model: Readonly<HubModel>): boolean {
    return this.targets(model).length > 0;
  }

  private targets(model: Readonly<HubModel>): string[] {
    return this.deviceIds.filter((id) => !model.offline.has(id) && !model.unresponsive.has(id));
  }

  protected async act(model: HubModel, session: HubSession): Promise<void> {
    const targets = this.targets(model);
    const names = Array.from({ length: this.connections }, (_, i) => `${this.app}#${i + 1}`);
    await Promise.all(names.map((n) => session.link(n)));
    const sends: Promise<unknown>[] = [];
    for (let k = 0; k < this.perConnection; k++)
      names.forEach((connection, c) => {
        const deviceId = targets[(k + c) % targets.length] as string;
        sends.push(
          session.request(
            connection,
            'devices.get_properties',
            { deviceId, items: MANUFACTURER },
            { kind: 'device-command', deviceId, method: 'get_properties', deviceParams: MANUFACTURER },
            `${this.toString()}: get ${deviceId} device-information.manufacturer`,
          ),
        );
      });
    await Promise.all(sends);
    await Promise.all(names.map((n) => session.settle(n)));
  }

  toString(): string {
    return `${this.connections} connections of ${this.app} × ${this.perConnection} requests in flight (get manufacturer)`;
  }
}

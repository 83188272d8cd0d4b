/**
 * A device the hub has never seen comes online, then notifies on its own: a `"*"` subscription
 * covers it (EDP-HUB-3, devices that appear later), and no list grant names it (EDP-HUB-5).
 * Runs only when the fleet can start new devices (FleetPort.appear).
 */
import type { HubModel, HubSession } from '../hub-session.js';
import type { PresenceWait } from './fleet-event.command.js';
import { HubCommand } from './hub-command.js';

export class AppearCommand extends HubCommand {
  constructor(readonly wait: PresenceWait = 'until-heard') {
    super();
  }

  protected async act(_model: HubModel, session: HubSession): Promise<void> {
    const fleet = session.ctx.fleet;
    if (fleet.appear === undefined) return;
    const device = await fleet.appear();
    await session.waitForPresenceHeard(device.deviceId, true, this.wait);
    await fleet.notifyOnItsOwn(device.deviceId);
  }

  toString(): string {
    return 'a new device appears, then notifies on its own';
  }
}

/**
 * Something happens in the fleet behind the hub, through the port: a device goes offline
 * (gracefully or abruptly, so the will fires), comes back, turns silent or slow, answers
 * normally again, or notifies on its own (EDP-HUB-2, -3, -4). A presence change waits until an
 * app connection has heard of it, or the protocol's 2 s, so later commands meet a hub that knows.
 * Offline and back are changes in the hub's view only while the hub has the device: both wait
 * until its records say online (hub-has-device.ts: a WebSocket device once the hub reconnected).
 */
import { waitUntilHubHasDevice } from '../hub-has-device.js';
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export type FleetEvent =
  | { readonly kind: 'offline'; readonly how: 'graceful' | 'abrupt' }
  | { readonly kind: 'back' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'slow'; readonly late: boolean }
  | { readonly kind: 'normal' }
  /** The device notifies on its own `times` times in a row (per-device order, every one delivered). */
  | { readonly kind: 'notify'; readonly times?: number };

/**
 * After a presence change, how long the session lets the hub catch up: until an app heard of it
 * (or the protocol's 2 s), so the next commands meet a hub that knows (EDP-HUB-2's -4010); or
 * briefly, when what follows does not depend on the hub knowing (EDP-HUB-3/-4 sessions: the
 * deliveries are judged at the end with their own windows).
 */
export type PresenceWait = 'until-heard' | 'brief';

export class FleetEventCommand extends HubCommand {
  constructor(
    readonly deviceId: string,
    readonly event: FleetEvent,
    readonly wait: PresenceWait = 'until-heard',
  ) {
    super();
  }

  override check(model: Readonly<HubModel>): boolean {
    const offline = model.offline.has(this.deviceId);
    switch (this.event.kind) {
      case 'back':
        return offline;
      case 'offline':
      case 'notify':
        return !offline;
      default:
        return true;
    }
  }

  protected async act(model: HubModel, session: HubSession): Promise<void> {
    const fleet = session.ctx.fleet;
    switch (this.event.kind) {
      case 'offline':
        // Only a device the hub has can go offline in its view: a WebSocket device it has not
        // reconnected to yet (after the reset between sessions) is waited for (hub-has-device.ts).
        await waitUntilHubHasDevice(fleet, this.deviceId);
        await fleet.goOffline(this.deviceId, this.event.how);
        model.offline.add(this.deviceId);
        return session.waitForPresenceHeard(this.deviceId, false, this.wait);
      case 'back':
        await fleet.comeBack(this.deviceId);
        // Back means back in the hub's view: a WebSocket device once the hub reconnected and got its `hello`.
        await waitUntilHubHasDevice(fleet, this.deviceId);
        model.offline.delete(this.deviceId);
        return session.waitForPresenceHeard(this.deviceId, true, this.wait);
      case 'silent':
        fleet.setResponsiveness(this.deviceId, { kind: 'silent' });
        model.unresponsive.add(this.deviceId);
        return;
      case 'slow':
        fleet.setResponsiveness(this.deviceId, { kind: 'slow', delayMs: this.slowDelayMs(session) });
        model.unresponsive.add(this.deviceId);
        return;
      case 'normal':
        fleet.setResponsiveness(this.deviceId, { kind: 'normal' });
        model.unresponsive.delete(this.deviceId);
        return;
      case 'notify':
        for (let i = 0; i < (this.event.times ?? 1); i++) await fleet.notifyOnItsOwn(this.deviceId);
    }
  }

  /** Well inside D (the answer must come through), or well past it (`-4011`, answer dropped). */
  private slowDelayMs(session: HubSession): number {
    const D = session.ctx.deadlineMs;
    return this.event.kind === 'slow' && this.event.late ? D + 400 : Math.max(1, Math.floor(D / 4));
  }

  toString(): string {
    switch (this.event.kind) {
      case 'offline':
        return `${this.deviceId} goes offline (${this.event.how})`;
      case 'back':
        return `${this.deviceId} comes back`;
      case 'silent':
        return `${this.deviceId} turns silent`;
      case 'slow':
        return `${this.deviceId} turns slow (${this.event.late ? 'answers after D' : 'answers within D'})`;
      case 'normal':
        return `${this.deviceId} answers normally again`;
      case 'notify': {
        const times = this.event.times ?? 1;
        return `${this.deviceId} notifies on its own${times > 1 ? ` ${times} times in a row` : ''}`;
      }
    }
  }
}

/**
 * The fleet stays as it is for a while (EDP-HUB-4): a device that went offline stays away
 * longer than the presence window before it comes back, so a hub that announces a comeback the
 * device did not make (online before the WebSocket device's `hello`, issue 18's presence-early)
 * announces it while the device is still away, where the judge sees it as no change at all.
 * A wall-clock pause inside a certification, not a test's timing: nothing is judged against it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { HubModel, HubSession } from '../hub-session.js';
import { HubCommand } from './hub-command.js';

export class StayAwayCommand extends HubCommand {
  constructor(
    readonly deviceId: string,
    readonly ms: number,
  ) {
    super();
  }

  override check(model: Readonly<HubModel>): boolean {
    return model.offline.has(this.deviceId);
  }

  protected async act(_model: HubModel, _session: HubSession): Promise<void> {
    await sleep(this.ms);
  }

  toString(): string {
    return `${this.deviceId} stays away ${this.ms} ms`;
  }
}

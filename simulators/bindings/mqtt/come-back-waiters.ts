/**
 * The `comeBack` calls of one MQTT device still waiting for its online presence. Each is
 * settled exactly once, by whatever decides it: online presence out (resolved), a later
 * `goOffline` (DeviceControlSupersededError: the last control wins) or `stop()`. None is left
 * waiting for an 'online' that will not come (issue 18: a fleet reset waited 60 s for one).
 */
import { FleetcertError } from '../../../src/index.js';

/** A `comeBack` that a later `goOffline` overtook before the device was online again. */
export class DeviceControlSupersededError extends FleetcertError {
  constructor(deviceId: string) {
    super(
      'FLEETCERT_DEVICE_CONTROL_SUPERSEDED',
      `device ${deviceId}: comeBack was overtaken by goOffline before the device was online; call comeBack again to bring it back`,
    );
  }
}

export class ComeBackWaiters {
  #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];

  /** A promise settled by the next `resolveAll` or `rejectAll`. */
  add(): Promise<void> {
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  resolveAll(): void {
    for (const waiter of this.#take()) waiter.resolve();
  }

  rejectAll(error: Error): void {
    for (const waiter of this.#take()) waiter.reject(error);
  }

  #take() {
    const waiting = this.#waiting;
    this.#waiting = [];
    return waiting;
  }
}

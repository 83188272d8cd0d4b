/**
 * What the hub knows of devices (PROTOCOL.md section 8, discovery): every device named in a grant
 * or in `ws_devices`, and every MQTT device seen on retained `edp/1/+/state`. A device is online
 * from `online: true` presence (MQTT) or `hello` (WebSocket) until `online: false` or the
 * connection closes; a device never seen is offline with model null. Listeners hear only real
 * changes of the hub's view (EDP-HUB-4: presence only on a change). Pure state, no I/O.
 */

export type DeviceBinding = 'mqtt' | 'ws';

export interface DeviceView {
  readonly deviceId: string;
  readonly binding: DeviceBinding;
  readonly online: boolean;
  /** The model id last seen in presence or `hello`; null when never seen. */
  readonly model: string | null;
}

export interface DirectoryEvents {
  /** The device's online state in the hub's view changed. */
  presenceChanged(deviceId: string, online: boolean): void;
}

interface Entry {
  binding: DeviceBinding;
  online: boolean;
  model: string | null;
}

/** Discovered devices beyond this are ignored (a bound on memory against a flood of retained states). */
export const MAX_DEVICES = 100_000;

export class DeviceDirectory {
  readonly #entries = new Map<string, Entry>();
  readonly #listeners: DirectoryEvents[] = [];

  constructor(options: {
    readonly wsDeviceIds: readonly string[];
    readonly namedDeviceIds: readonly string[];
  }) {
    for (const id of options.wsDeviceIds)
      this.#entries.set(id, { binding: 'ws', online: false, model: null });
    for (const id of options.namedDeviceIds)
      if (!this.#entries.has(id)) this.#entries.set(id, { binding: 'mqtt', online: false, model: null });
  }

  listen(listener: DirectoryEvents): void {
    this.#listeners.push(listener);
  }

  knows(deviceId: string): boolean {
    return this.#entries.has(deviceId);
  }

  isOnline(deviceId: string): boolean {
    return this.#entries.get(deviceId)?.online === true;
  }

  view(deviceId: string): DeviceView | undefined {
    const entry = this.#entries.get(deviceId);
    return entry === undefined ? undefined : { deviceId, ...entry };
  }

  /** Every known device id, sorted (code unit order, which is byte order for device ids). */
  ids(): string[] {
    return [...this.#entries.keys()].sort();
  }

  /** A WebSocket device's `hello`, or an MQTT device's `online: true` presence. */
  online(deviceId: string, binding: DeviceBinding, model: string | undefined): void {
    let entry = this.#entries.get(deviceId);
    if (entry === undefined) {
      if (this.#entries.size >= MAX_DEVICES) return;
      entry = { binding, online: false, model: null };
      this.#entries.set(deviceId, entry);
    }
    if (entry.binding !== binding) return; // a ws_devices id is reached over WebSocket only
    if (model !== undefined) entry.model = model;
    if (!entry.online) {
      entry.online = true;
      for (const listener of this.#listeners) listener.presenceChanged(deviceId, true);
    }
  }

  /** `online: false` presence (or a cleared retained state), or a WebSocket connection that closed. */
  offline(deviceId: string, binding: DeviceBinding): void {
    let entry = this.#entries.get(deviceId);
    if (entry === undefined) {
      // Seen offline first (a retained will): known from now on, with no model yet.
      if (this.#entries.size >= MAX_DEVICES) return;
      entry = { binding, online: false, model: null };
      this.#entries.set(deviceId, entry);
      return;
    }
    if (entry.binding !== binding || !entry.online) return;
    entry.online = false;
    for (const listener of this.#listeners) listener.presenceChanged(deviceId, false);
  }
}

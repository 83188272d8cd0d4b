/**
 * One device of a fleet: its engine, its behaviour and its link. Kept small (a fleet holds
 * tens of thousands): methods on the prototype, no closures of its own, the model and its
 * indexes shared with every device of the group.
 */
import type { Notification } from '../../src/protocol/index.js';
import type { AnimatedEngine } from '../behaviours/animated-engine.js';
import type { Behaviour } from '../behaviours/types.js';
import type { WheelEntry } from '../clock/timer-wheel.js';
import type { DeviceLink } from './links.js';
import type { FleetDevice, Transport } from './types.js';

export class FleetDeviceState implements FleetDevice {
  readonly id: string;
  readonly type: string;
  readonly index: number;
  readonly transport: Transport;
  /** The device's engine with its behaviour attached (reactions follow every frame). */
  readonly engine: AnimatedEngine;
  readonly token: string | undefined;
  link: DeviceLink | undefined;
  /** Place in the connect order. */
  position = 0;
  connected = false;
  everConnected = false;
  telemetry: WheelEntry | undefined;

  constructor(
    id: string,
    type: string,
    index: number,
    transport: Transport,
    engine: AnimatedEngine,
    token: string | undefined,
  ) {
    this.id = id;
    this.type = type;
    this.index = index;
    this.transport = transport;
    this.engine = engine;
    this.token = token;
  }

  get behaviour(): Behaviour {
    return this.engine.behaviour;
  }

  get url(): string | undefined {
    return this.link?.url;
  }

  notify(notifications: readonly Notification[]): void {
    if (this.connected && notifications.length > 0) this.link?.notify(notifications);
  }

  /** Tokens stay out of logs and inspection. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      type: this.type,
      index: this.index,
      transport: this.transport,
      connected: this.connected,
    };
  }
}

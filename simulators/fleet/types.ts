/**
 * The public face of a fleet: many simulated devices in one process, each with its engine,
 * its behaviour and its link (MQTT to a broker, or a WebSocket server of its own).
 */
import type { EventEmitter } from 'node:events';
import type { Logger } from '../../src/log/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import type { Notification } from '../../src/protocol/index.js';
import type { ClientTlsSettings, MqttConnectionSettings } from '../../src/transport/mqtt/index.js';
import type { BehaviourRegistry } from '../behaviours/registry.js';
import type { Behaviour } from '../behaviours/types.js';
import type { SimClock } from '../clock/types.js';
import type { DeviceEngine } from '../engine/types.js';
import type { FleetFault } from './fleet-faults.js';
import type { TokenSource } from './tokens.js';

export type Transport = 'mqtt' | 'ws';

export interface FleetGroup {
  /** The type in device ids (`bulb` → `bulb-0001`). */
  readonly name: string;
  readonly model: DeviceModel;
  readonly count: number;
  /** The index of this group's first device (default 1): workers and shards take disjoint slices. */
  readonly firstIndex?: number;
  /** Digits of the index (default: the width of `count`, at least 4); give the whole group's when slicing. */
  readonly indexWidth?: number;
  /** `mqtt` (default): connect to the broker. `ws`: a WebSocket server per device (small local fleets). */
  readonly transport?: Transport;
  /** Exact device ids instead of `<prefix><name>-<index>` (a single device's `--id`); as many as `count`. */
  readonly ids?: readonly string[];
}

export interface TelemetryOptions {
  /** Volatile updates per device per second (e.g. 0.2: every 5 s). */
  readonly perDeviceHz: number;
  /** Simulated time per real time (default 1): 60 makes a minute of air cleaning pass every second. */
  readonly timeScale?: number;
}

export interface FleetOptions {
  readonly groups: readonly FleetGroup[];
  /**
   * `mqtt://`, `mqtts://`, `ws://` or `wss://` broker URL; needed when any group uses MQTT.
   * Several URLs (the nodes of a cluster, or several addresses of one broker) share the devices
   * round-robin in connect order: one client host opening tens of thousands of connections to
   * ONE address spends most of its time in the kernel looking for free ephemeral ports.
   */
  readonly broker?: string | readonly string[];
  /** MQTT protocol version of every MQTT device (src/transport/mqtt/connection-options.ts). Default 4 (3.1.1). */
  readonly mqtt?: MqttConnectionSettings;
  /**
   * For `mqtts://` and `wss://`: the CA that signed the broker's certificate, whether to check it
   * (default true), and the client certificate each device presents (mutual TLS: one for all, or
   * one per device id; src/transport/mqtt/tls-options.ts).
   */
  readonly brokerTls?: ClientTlsSettings;
  /** Prepended to every id (`lab1-` → `lab1-bulb-0001`). Default none. */
  readonly idPrefix?: string;
  readonly tokens: TokenSource;
  /** Connections started per second (`--ramp`); default as fast as `maxConnecting` allows. */
  readonly rampPerSecond?: number;
  /** Handshakes under way at once (default 256). */
  readonly maxConnecting?: number;
  readonly telemetry?: TelemetryOptions;
  /** Every random choice of the fleet flows from it (default 1). */
  readonly seed?: number;
  readonly faults?: readonly FleetFault[];
  /** Delay of the reply-latency fault (default 300 ms). */
  readonly replyLatencyMs?: number;
  /** Firmware every device reports (default the engine's). */
  readonly firmware?: string;
  /** MQTT keepalive in seconds (default 60, the most section 5 allows). */
  readonly keepaliveSeconds?: number;
  /** For `ws` groups: host to listen on (default 127.0.0.1) and first port (default 0: free ports). */
  readonly wsHost?: string;
  readonly wsFirstPort?: number;
  readonly behaviours?: BehaviourRegistry;
  readonly clock?: SimClock;
  readonly logger?: Logger;
}

export interface FleetDevice {
  readonly id: string;
  /** The group name (`bulb`). */
  readonly type: string;
  readonly index: number;
  readonly transport: Transport;
  readonly engine: DeviceEngine;
  readonly behaviour: Behaviour;
  /** Connected to its broker (MQTT), or listening (WebSocket). */
  readonly connected: boolean;
  /** For WebSocket devices once listening: `ws://HOST:PORT/edp/1`. */
  readonly url: string | undefined;
  /** The token controllers present (WebSocket) or the device logs in with (MQTT). Never log it. */
  readonly token: string | undefined;
  /** Send notifications the device made by itself (e.g. a load test's telemetry), if connected. */
  notify(notifications: readonly Notification[]): void;
}

export interface FleetCounts {
  readonly target: number;
  readonly connected: number;
  readonly connecting: number;
  /** Devices that connected at least once. */
  readonly everConnected: number;
  readonly disconnects: number;
  readonly reconnects: number;
  readonly errors: number;
  /** Frames served (requests, good or bad). */
  readonly framesServed: number;
  /** Telemetry steps taken and notifications they produced. */
  readonly telemetrySteps: number;
  readonly telemetryNotifications: number;
}

export interface FleetSummary extends FleetCounts {
  /** Ms from the first connect (the ramp's start, after building the devices) until every device had connected once (undefined if some never did). */
  readonly allConnectedMs: number | undefined;
  /** Devices connected per second over that time (or so far). */
  readonly connectRate: number;
  readonly runMs: number;
  /** Devices that went offline gracefully on stop. */
  readonly stoppedGracefully: number;
}

export interface FleetEvents {
  connected: [device: FleetDevice];
  disconnected: [device: FleetDevice];
  'device-error': [device: FleetDevice, error: Error];
  /** Every device has connected once. */
  ready: [];
}

/** What runs a fleet, in this process or spread over worker processes. */
export interface FleetHandle {
  readonly target: number;
  counts(): FleetCounts;
  /** Resolves once every device has connected once; rejects after `timeoutMs` (default none). */
  ready(timeoutMs?: number): Promise<void>;
  /** Graceful offline for every device (EDP-MQTT-1), then disconnect; idempotent. */
  stop(): Promise<FleetSummary>;
}

/** A fleet in this process: its devices (engines included) are at hand. */
export interface Fleet extends FleetHandle {
  readonly events: EventEmitter<FleetEvents>;
  device(id: string): FleetDevice | undefined;
  devices(): IterableIterator<FleetDevice>;
}

/** A fleet built but not connected yet (`createFleet`): `start()` begins the ramp, once. */
export interface UnstartedFleet extends Fleet {
  start(): void;
}

/** Fleet options that cross a process boundary (no clock, logger or registry objects). */
export type PortableFleetOptions = Omit<FleetOptions, 'clock' | 'logger' | 'behaviours'>;

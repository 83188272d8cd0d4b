/**
 * A load scenario after validation: every default filled in, every quantity in milliseconds
 * or per second. The file format (YAML or JSON) is documented in docs/load.md; the schema
 * that types `--set` overrides lives in ./schema.ts.
 */

import type { MessageQos, MqttVersion } from '../../src/transport/mqtt/index.js';
import type { ScenarioHub } from './hub-types.js';

export type BrokerScheme = 'mqtt' | 'mqtts' | 'ws' | 'wss';
export const BROKER_SCHEMES: readonly BrokerScheme[] = ['mqtt', 'mqtts', 'ws', 'wss'];

export interface ScenarioBroker {
  readonly url: string;
  readonly scheme: BrokerScheme;
  /** PEM file of the CA that signed the broker's certificate (mqtts, wss), resolved against the scenario's folder. */
  readonly ca?: string;
  /**
   * Client certificate and key for mutual TLS (mqtts, wss): one file each for every device, a
   * folder of `{deviceId}.crt`/`.key`, or paths with `{deviceId}`; resolved against the scenario's folder.
   */
  readonly cert?: string;
  readonly key?: string;
  /** The controllers' client certificate and key (default: `cert`/`key` when those are one file each). */
  readonly controllerCert?: string;
  readonly controllerKey?: string;
  /** Check the broker's certificate (mqtts, wss). Default true. */
  readonly rejectUnauthorized: boolean;
  /** A hub scenario without `broker`: fleetcert runs the embedded broker for the fleet and the hub. */
  readonly embedded?: true;
}

/** How the fleet's devices and the controllers speak MQTT (`mqtt:` in the file). */
export interface ScenarioMqtt {
  /** 4 (MQTT 3.1.1, the default) or 5 (MQTT 5.0), for devices and controllers alike. */
  readonly version: MqttVersion;
  /**
   * QoS per message class; section 5 says 1 for each (the default). At QoS 1 a repeated
   * delivery is at-least-once working as meant (counted `redelivered`, not an error); at QoS 0
   * a message may be lost, and a loss still counts.
   */
  readonly qos: MessageQos;
}

/** One kind of device in the fleet: a reference type, or a model file. */
export interface FleetEntry {
  /** Reference type (`bulb`, `purifier`, `tv`) or, with `model`, the name used in device ids. */
  readonly type: string;
  /** Path of a model file, resolved against the scenario's folder; absent for a reference type. */
  readonly model?: string;
  readonly count: number;
}

export type DeviceTokens =
  | { readonly kind: 'template'; readonly template: string }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'fixed'; readonly token: string };

export interface ScenarioTokens {
  /** How each device's token is found; `{id}` in a template is the device id. */
  readonly devices: DeviceTokens;
  /** The token every controller client logs in with (username `controller:NAME`). */
  readonly controller: string;
}

/** How many devices a ramp ends at: an absolute count or a share of the fleet. */
export type RampTarget =
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'share'; readonly share: number };

export type Stage =
  | { readonly kind: 'ramp-up'; readonly ratePerS: number; readonly to: RampTarget }
  | { readonly kind: 'hold'; readonly durationMs: number }
  | { readonly kind: 'ramp-down'; readonly ratePerS: number; readonly to: RampTarget };

export interface RequestMix {
  /** Shares that sum to 1. */
  readonly get: number;
  readonly set: number;
  readonly action: number;
}

export interface ScenarioRequests {
  /** Requests per second over the whole fleet (open model: the schedule never waits for replies). */
  readonly ratePerS: number;
  readonly mix: RequestMix;
  /** Controller clients sharing the traffic; each owns a fixed slice of the devices. */
  readonly controllers: number;
}

export interface Scenario {
  readonly name: string;
  readonly description?: string;
  readonly seed: number;
  readonly broker: ScenarioBroker;
  readonly mqtt: ScenarioMqtt;
  /** Prefix of every device id: `<idPrefix><type>-<index>`. */
  readonly idPrefix: string;
  readonly fleet: readonly FleetEntry[];
  readonly tokens: ScenarioTokens;
  readonly stages: readonly Stage[];
  /** Volatile updates per device per second; 0 for none. */
  readonly telemetryPerDevicePerS: number;
  readonly requests: ScenarioRequests;
  /** Response deadline (PROTOCOL.md section 7: never below 2 s). */
  readonly deadlineMs: number;
  /** A device is addressed only from this long after its planned connect time. */
  readonly settleMs: number;
  /** Width of one time-series interval. */
  readonly intervalMs: number;
  /** Threshold expressions as written (`rpc.p99<250ms`); parsed by ../thresholds. */
  readonly thresholds: readonly string[];
  /** A hub under load through the Hub API (PROTOCOL.md section 8) instead of a broker. */
  readonly hub?: ScenarioHub;
}

export const SCENARIO_DEFAULTS = {
  seed: 1,
  idPrefix: '',
  deadlineMs: 2000,
  settleMs: 1000,
  intervalMs: 1000,
  controllers: 1,
  controllerToken: 'fleetcert',
  tokenTemplate: 'tok-{id}',
} as const;

/** PROTOCOL.md section 7: a harness may lengthen the response deadline, never shorten it. */
export const MIN_DEADLINE_MS = 2000;

export function fleetSize(scenario: Pick<Scenario, 'fleet'>): number {
  return scenario.fleet.reduce((sum, entry) => sum + entry.count, 0);
}

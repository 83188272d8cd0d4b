/**
 * The load's controller clients (PROTOCOL.md section 5: username `controller:NAME`, the
 * controller token): one MqttController each (src/transport/mqtt/controller.ts) in its lean
 * mode (no reply matching, payloads handed to the hooks undecoded, unchecked publishes, corked
 * writes, reconnect with resubscribe). Each owns a fixed slice of the shard's devices: it
 * subscribes to their `rpc/reply` and `events` topics only, so an answer that reaches any
 * other controller was misdelivered.
 */
import { FleetcertError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import {
  type ClientTlsSettings,
  clientCertificateRefusal,
  connectMqttController,
  MqttConnectError,
  type MqttController,
  MqttSubscribeError,
  mqttClientOptions,
  mqttVersionName,
  type Qos,
  tlsClientOptions,
  tlsOptionsFor,
} from '../../src/transport/mqtt/index.js';
import type { ScenarioMqtt } from '../scenario/types.js';

export interface ControllerHooks {
  reply(controller: number, deviceId: string, payload: string): void;
  event(controller: number, deviceId: string, payload: string): void;
}

export interface ControllerOptions {
  readonly broker: string;
  /** For mqtts/wss: the CA, the checks, the controllers' client certificate. */
  readonly tls?: ClientTlsSettings;
  readonly token: string;
  /** MQTT version; requests are sent at `qos.requests`, answers subscribed at the highest QoS of the rest. */
  readonly mqtt: ScenarioMqtt;
  /** Controller names (`load-0-1`); one client each. */
  readonly names: readonly string[];
  readonly hooks: ControllerHooks;
  readonly logger: Logger;
  readonly connectTimeoutMs?: number;
}

const ANSWER_KINDS = ['rpcReply', 'events'] as const;

const clientIdOf = (name: string) => `fleetcert_${name}_${process.pid}`;

export class LoadControllers {
  readonly #controllers: MqttController[];
  #disconnects = 0;
  #closing = false;

  private constructor(controllers: MqttController[]) {
    this.#controllers = controllers;
  }

  /** Connects every controller; rejects (naming the broker) when one cannot connect. */
  static async connect(options: ControllerOptions): Promise<LoadControllers> {
    const { hooks, mqtt } = options;
    const answerQos = Math.max(mqtt.qos.replies, mqtt.qos.notifications, mqtt.qos.telemetry) as Qos;
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const tlsFor = tlsOptionsFor(options.tls);
    const settled = await Promise.allSettled(
      options.names.map((name, index) =>
        connectMqttController({
          url: options.broker,
          name,
          token: options.token,
          clientId: clientIdOf(name),
          connectTimeoutMs: timeoutMs,
          reconnectPeriodMs: 1000,
          qos: mqtt.qos.requests,
          subscribeQos: answerQos,
          // At QoS 1 a dropped connection must not lose what the broker holds for us: it redelivers.
          persistentSession: answerQos === 1,
          clientOptions: {
            ...mqttClientOptions(mqtt),
            ...tlsClientOptions(tlsFor, clientIdOf(name)),
          },
          matchReplies: false,
          inbound: {
            reply: (deviceId, payload) => hooks.reply(index, deviceId, payload.toString('utf8')),
            event: (deviceId, payload) => hooks.event(index, deviceId, payload.toString('utf8')),
          },
        }),
      ),
    );
    const connected = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = settled.findIndex((s) => s.status === 'rejected');
    if (failed >= 0) {
      await Promise.all(connected.map((c) => c.close()));
      const error = (settled[failed] as PromiseRejectedResult).reason as Error;
      const why = error instanceof MqttConnectError ? error.reason : error.message;
      const refusal = clientCertificateRefusal(error.cause ?? error);
      const fix =
        refusal === undefined
          ? 'check --broker, the controller token (tokens.controller or --token) and, for mqtts/wss, the CA file'
          : `the broker refused the controller's client certificate (${refusal}): give broker.controllerCert and broker.controllerKey (fleetcert tls devices --controller NAME makes them)`;
      throw new FleetcertError(
        'LOAD_CONTROLLER_CONNECT',
        `controller ${options.names[failed]} cannot connect to ${options.broker} (${mqttVersionName(mqtt.version)}): ${why}; ${fix}`,
        { exitCode: 2, cause: error },
      );
    }
    const controllers = new LoadControllers(connected);
    for (const [i, controller] of connected.entries()) {
      controller.on('connectionLost', () => {
        if (controllers.#closing) return;
        controllers.#disconnects++;
        options.logger.warn({ controller: options.names[i] }, 'controller connection lost; reconnecting');
      });
    }
    return controllers;
  }

  /** Controller connections lost during the run. */
  get disconnects(): number {
    return this.#disconnects;
  }

  /** Subscribes controller `index` to the answers and notifications of `deviceIds`. */
  async subscribe(index: number, deviceIds: readonly string[]): Promise<void> {
    try {
      await (this.#controllers[index] as MqttController).subscribeDevices(deviceIds, ANSWER_KINDS);
    } catch (error) {
      if (!(error instanceof MqttSubscribeError)) throw error;
      throw new FleetcertError(
        'LOAD_SUBSCRIBE_REFUSED',
        `the broker refused the subscription to ${error.refused[0]}; check the controller token and the broker's ACL (controllers may subscribe to rpc/reply and events)`,
        { exitCode: 2 },
      );
    }
  }

  /** Holds the controllers' writes until `uncork`, so a tick's requests leave in one write per socket. */
  cork(): void {
    for (const controller of this.#controllers) controller.cork();
  }

  uncork(): void {
    for (const controller of this.#controllers) controller.uncork();
  }

  publish(index: number, deviceId: string, text: string): void {
    (this.#controllers[index] as MqttController).publish(deviceId, text);
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(this.#controllers.map((controller) => controller.close()));
  }
}

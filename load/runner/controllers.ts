/**
 * The load's controller clients (PROTOCOL.md section 5: username `controller:NAME`, the
 * controller token). Each owns a fixed slice of the shard's devices: it subscribes to their
 * `rpc/reply` and `events` topics only, so an answer that reaches any other controller was
 * misdelivered. Lean on purpose: thousands of requests a second go through `publish`.
 */
import type { MqttClient } from 'mqtt';
import { FleetcertError } from '../../src/errors.js';
import type { Logger } from '../../src/log/logger.js';
import { createMqttClient, type MqttClientOptions } from '../../src/transport/mqtt/client.js';
import { controllerUsername, TOPIC_ROOT } from '../../src/transport/mqtt/topics.js';

export interface ControllerHooks {
  reply(controller: number, deviceId: string, payload: string): void;
  event(controller: number, deviceId: string, payload: string): void;
}

export interface ControllerOptions {
  readonly broker: string;
  readonly tls?: { readonly ca?: Buffer; readonly rejectUnauthorized: boolean };
  readonly token: string;
  /** Controller names (`load-0-1`); one client each. */
  readonly names: readonly string[];
  readonly hooks: ControllerHooks;
  readonly logger: Logger;
  readonly connectTimeoutMs?: number;
}

const PREFIX = `${TOPIC_ROOT}/`;
const REPLY_SUFFIX = '/rpc/reply';
const EVENTS_SUFFIX = '/events';
/** Topics per SUBSCRIBE packet. */
const SUBSCRIBE_BATCH = 500;
const QOS1 = { qos: 1 } as const;
const noop = (): void => {};

export class LoadControllers {
  readonly #clients: MqttClient[];
  #disconnects = 0;
  #closing = false;

  private constructor(clients: MqttClient[]) {
    this.#clients = clients;
  }

  /** Connects every controller; rejects (naming the broker) when one cannot connect. */
  static async connect(options: ControllerOptions): Promise<LoadControllers> {
    const clients = options.names.map((name, index) => {
      const clientOptions: MqttClientOptions = {
        clientId: `fleetcert_${name}_${process.pid}`,
        username: controllerUsername(name),
        password: options.token,
        clean: true,
        keepalive: 30,
        protocolVersion: 4,
        reconnectPeriod: 1000,
        resubscribe: true,
        connectTimeout: options.connectTimeoutMs ?? 10_000,
        // MQTT.js's per-packet debug logging costs real time at thousands of messages a second.
        log: noop,
        ...(options.tls
          ? { tlsOptions: { ca: options.tls.ca, rejectUnauthorized: options.tls.rejectUnauthorized } }
          : {}),
      };
      const client = createMqttClient(options.broker, clientOptions);
      client.on('message', (topic, payload) => dispatch(options.hooks, index, topic, payload));
      return client;
    });
    const controllers = new LoadControllers(clients);
    try {
      await Promise.all(
        clients.map((client, i) =>
          waitConnected(
            client,
            options.broker,
            options.names[i] as string,
            options.connectTimeoutMs ?? 10_000,
          ),
        ),
      );
    } catch (error) {
      await controllers.close();
      throw error;
    }
    for (const [i, client] of clients.entries()) {
      client.on('close', () => {
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
    const client = this.#clients[index] as MqttClient;
    const topics = deviceIds.flatMap((id) => [
      `${PREFIX}${id}${REPLY_SUFFIX}`,
      `${PREFIX}${id}${EVENTS_SUFFIX}`,
    ]);
    for (let i = 0; i < topics.length; i += SUBSCRIBE_BATCH) {
      const batch = topics.slice(i, i + SUBSCRIBE_BATCH);
      await new Promise<void>((resolve, reject) => {
        client.subscribe(batch, QOS1, (error, granted) => {
          if (error) return reject(error);
          const refused = (granted ?? []).find((g) => g.qos === 128);
          if (refused) {
            return reject(
              new FleetcertError(
                'LOAD_SUBSCRIBE_REFUSED',
                `the broker refused the subscription to ${refused.topic}; check the controller token and the broker's ACL (controllers may subscribe to rpc/reply and events)`,
                { exitCode: 2 },
              ),
            );
          }
          resolve();
        });
      });
    }
  }

  /** Holds the controllers' writes until `uncork`, so a tick's requests leave in one write per socket. */
  cork(): void {
    for (const client of this.#clients) client.stream?.cork();
  }

  uncork(): void {
    for (const client of this.#clients) client.stream?.uncork();
  }

  publish(index: number, deviceId: string, text: string): void {
    (this.#clients[index] as MqttClient).publish(`${PREFIX}${deviceId}/rpc`, text, QOS1);
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      this.#clients.map((client) => new Promise<void>((resolve) => client.end(false, {}, () => resolve()))),
    );
  }
}

function dispatch(hooks: ControllerHooks, controller: number, topic: string, payload: Buffer): void {
  if (!topic.startsWith(PREFIX)) return;
  if (topic.endsWith(REPLY_SUFFIX)) {
    hooks.reply(
      controller,
      topic.slice(PREFIX.length, topic.length - REPLY_SUFFIX.length),
      payload.toString('utf8'),
    );
  } else if (topic.endsWith(EVENTS_SUFFIX)) {
    hooks.event(
      controller,
      topic.slice(PREFIX.length, topic.length - EVENTS_SUFFIX.length),
      payload.toString('utf8'),
    );
  }
}

function waitConnected(client: MqttClient, broker: string, name: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`no CONNACK within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      client.off('connect', ok);
      reject(
        new FleetcertError(
          'LOAD_CONTROLLER_CONNECT',
          `controller ${name} cannot connect to ${broker}: ${error.message}; check --broker, the controller token (tokens.controller or --token) and, for mqtts/wss, the CA file`,
          { exitCode: 2, cause: error },
        ),
      );
    };
    const ok = () => {
      clearTimeout(timer);
      client.off('error', fail);
      resolve();
    };
    client.once('connect', ok);
    client.once('error', fail);
  });
}

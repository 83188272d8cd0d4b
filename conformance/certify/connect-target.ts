/**
 * Reaching the device, per mode, or failing with a setup error (exit 2) that names the target:
 * `listen` joins the broker the run started (runs/: the judge only declares the port it needs,
 * listen-broker.ts) and waits for the device to connect; `broker` joins an
 * existing broker and needs the device's presence online; `ws` connects with the bearer token.
 */

import { performance } from 'node:perf_hooks';
import type { AuthRefusal, ProtocolRefusal } from '../../src/broker/index.js';
import { FleetcertError } from '../../src/index.js';
import type { Binding } from '../../src/result/index.js';
import { controllerUsername, parsePresence } from '../../src/transport/mqtt/index.js';
import type { DeviceMode } from '../catalogue/requirements.js';
import type { DeviceLink } from '../harness/device-link.js';
import { connectMqttLink, type MqttDeviceLink } from '../link/mqtt-link.js';
import { connectWsLink, type WsDeviceLink } from '../link/ws-link.js';
import type { CertifyConfig } from '../settings/certify-config.js';
import type { BrokerControl } from '../suites/binding/broker-control.js';
import { type TlsStageResult, TlsUnreachableError } from '../tls/tls-stage.js';
import type { ListenBroker } from './listen-broker.js';

export interface ConnectedTarget {
  readonly mode: DeviceMode;
  readonly binding: Binding;
  readonly link: DeviceLink;
  readonly mqtt?: MqttDeviceLink;
  readonly ws?: WsDeviceLink;
  readonly broker?: BrokerControl;
  /** Section 9 (`--listen-tls`): the TLS checks' verdicts and report. */
  readonly tls?: TlsStageResult;
  /** Where the device was reached, for the result; never a token. */
  readonly description: string;
  close(): Promise<void>;
}

const PRESENCE_GRACE_MS = 3_000;

export async function connectTarget(config: CertifyConfig): Promise<ConnectedTarget> {
  const target = config.target;
  switch (target.mode) {
    case 'ws': {
      const ws = await connectWsLink(target.url, config.token);
      return { mode: 'ws', binding: 'ws', link: ws, ws, description: target.url, close: () => ws.close() };
    }
    case 'broker': {
      const mqtt = await connectMqttLink({
        url: target.url,
        controllerName: target.controllerName ?? 'fleetcert',
        token: config.token,
        deviceId: config.deviceId,
        exclusive: false,
        ...(target.mqttVersion === undefined ? {} : { mqttVersion: target.mqttVersion }),
      });
      const online = await presenceOnline(mqtt, PRESENCE_GRACE_MS);
      if (!online) {
        await mqtt.close();
        const seen = mqtt.latest('state');
        throw new FleetcertError(
          'CERTIFY_DEVICE_OFFLINE',
          `device ${config.deviceId} is not online at ${target.url}: ${seen === undefined ? `nothing retained on ${mqtt.topics.state}` : `presence is ${String(seen.payload)}`}. Start the device, or check --device-id.`,
        );
      }
      return {
        mode: 'broker',
        binding: 'mqtt',
        link: mqtt,
        mqtt,
        description: target.url,
        close: () => mqtt.close(),
      };
    }
    case 'listen':
      return listen(config, target);
  }
}

async function listen(
  config: CertifyConfig,
  target: Extract<CertifyConfig['target'], { mode: 'listen' }>,
): Promise<ConnectedTarget> {
  const since = target.since ?? Date.now();
  const controllerName = 'fleetcert';
  const controller = controllerUsername(controllerName);
  const { broker } = target;
  const localUrl = `mqtt://127.0.0.1:${broker.port}`;
  // What the broker refuses from now on: the last line of a failed setup names the cause seen.
  const refusals: AuthRefusal[] = [];
  const onRefused = (refusal: AuthRefusal) => {
    if (refusal.clientId !== controller && refusal.username !== controller) refusals.push(refusal);
  };
  broker.events.on('authRefused', onRefused);
  const mqtt5 = watchMqtt5(broker, config.deviceId);
  const mqtt = await connectMqttLink({
    url: localUrl,
    controllerName,
    token: target.controllerToken,
    deviceId: config.deviceId,
    exclusive: true,
  }).catch((error: unknown) => {
    mqtt5.stop();
    broker.events.off('authRefused', onRefused);
    throw error;
  });
  // With --listen-tls the device reaches the broker only through the good certificate, after the TLS checks.
  const tls = await target.tls?.finished.catch(async (error: unknown) => {
    mqtt5.stop();
    broker.events.off('authRefused', onRefused);
    await mqtt.close();
    throw error;
  });
  if (tls !== undefined && !tls.connected) {
    mqtt5.stop();
    broker.events.off('authRefused', onRefused);
    await mqtt.close();
    throw new TlsUnreachableError(config.deviceId, tls);
  }
  const timeoutMs = target.connectTimeoutMs ?? 60_000;
  const connected = await deviceConnectedOrMqtt5(broker, config.deviceId, timeoutMs, mqtt5.refused)
    .catch(async (error: unknown) => {
      await mqtt.close();
      throw error;
    })
    .finally(() => {
      mqtt5.stop();
      broker.events.off('authRefused', onRefused);
    });
  if (!connected) {
    await mqtt.close();
    throw new FleetcertError(
      'CERTIFY_DEVICE_ABSENT',
      `device ${config.deviceId} did not connect to the embedded broker on port ${broker.port} within ${Math.round(timeoutMs / 1000)} s: ${absenceCause(refusals, config.deviceId, broker.port)}`,
    );
  }
  // A device may ask for nothing before its presence says it listens (section 5); a device that never says so fails EDP-MQTT-1 later.
  await presenceOnline(mqtt, PRESENCE_GRACE_MS);
  return {
    mode: 'listen',
    binding: 'mqtt',
    link: mqtt,
    mqtt,
    broker: brokerControl(broker, since),
    ...(tls === undefined ? {} : { tls }),
    description:
      tls === undefined
        ? `listen port ${broker.port}`
        : `listen-tls port ${tls.report.port} (${tls.report.serverName})`,
    close: () => mqtt.close(),
  };
}

/** `since`: when certification began; a broker that ran before may hold older refusals, which are not its business. */
function brokerControl(broker: ListenBroker, since = Number.NEGATIVE_INFINITY): BrokerControl {
  return {
    cut: (clientId) => broker.disconnectClient(clientId),
    isConnected: (clientId) => broker.isConnected(clientId),
    aclRefusals: (deviceId) => broker.violations.forDevice(deviceId).filter((v) => v.at >= since),
    nextConnect: (clientId, timeoutMs) =>
      new Promise((resolve) => {
        const onConnect = (info: { clientId: string }) => {
          if (info.clientId !== clientId) return;
          clearTimeout(timer);
          broker.events.off('clientConnected', onConnect);
          resolve(performance.now());
        };
        const timer = setTimeout(() => {
          broker.events.off('clientConnected', onConnect);
          resolve(undefined);
        }, timeoutMs);
        broker.events.on('clientConnected', onConnect);
      }),
  };
}

/** What was seen while waiting for the device: the broker's refusals (a wrong token, a refused id), or nothing at all. */
export function absenceCause(refusals: readonly AuthRefusal[], deviceId: string, port: number): string {
  const last = refusals[refusals.length - 1];
  if (last === undefined) {
    return `nothing tried to connect. Point the device at this machine's port ${port}, logging in as ${deviceId} with its token.`;
  }
  const who = `client id ${JSON.stringify(last.clientId)}, username ${JSON.stringify(last.username ?? '')}`;
  const times = refusals.length === 1 ? 'once' : `${refusals.length} times`;
  const mine = last.clientId === deviceId || last.username === deviceId;
  return mine
    ? `the broker refused it ${times}, last as ${who}: ${last.reason}. Check the token it logs in with (and that client id and username are both ${deviceId}).`
    : `the broker refused ${times} a client that is not ${deviceId}, last ${who}: ${last.reason}. Log in with client id and username ${deviceId}.`;
}

/**
 * Watches for the device trying MQTT 5, from before it is told where to connect. aedes (the
 * embedded broker) serves MQTT 3.1.1 only and answers an MQTT 5 CONNECT with CONNACK 1;
 * PROTOCOL.md section 1 allows either version, so an MQTT 5 device is certified through a
 * broker that speaks it (--broker).
 */
function watchMqtt5(
  broker: ListenBroker,
  deviceId: string,
): { refused: Promise<ProtocolRefusal>; stop(): void } {
  let listener: ((refusal: ProtocolRefusal) => void) | undefined;
  const refused = new Promise<ProtocolRefusal>((resolve) => {
    listener = (refusal) => {
      if (refusal.clientId === deviceId) resolve(refusal);
    };
    broker.events.on('protocolRefused', listener);
  });
  return {
    refused,
    stop: () => {
      if (listener) broker.events.off('protocolRefused', listener);
    },
  };
}

const MQTT5_FALLBACK_GRACE_MS = 3_000;

/** Waits for the device; fails soon, saying why, when it tries MQTT 5 and does not fall back to 3.1.1. */
async function deviceConnectedOrMqtt5(
  broker: ListenBroker,
  deviceId: string,
  timeoutMs: number,
  mqtt5: Promise<ProtocolRefusal>,
): Promise<boolean> {
  const connected = deviceConnected(broker, deviceId, timeoutMs);
  const outcome = await Promise.race([connected, mqtt5]);
  if (typeof outcome === 'boolean') return outcome;
  // Some clients fall back to 3.1.1 after CONNACK 1: give them a moment before saying no.
  const grace = new Promise<false>((resolve) =>
    setTimeout(() => resolve(false), MQTT5_FALLBACK_GRACE_MS).unref(),
  );
  if (await Promise.race([connected, grace])) return true;
  throw new FleetcertError(
    'CERTIFY_MQTT5_UNSUPPORTED',
    `device ${deviceId} connected with MQTT ${outcome.protocolVersion === 5 ? '5' : `protocol level ${outcome.protocolVersion}`}, and the embedded broker of --listen speaks MQTT 3.1.1 only (it answered CONNACK 1, unacceptable protocol version). Connect the device with MQTT 3.1.1, or certify it through an MQTT 5 broker: run one (e.g. Mosquitto), point the device at it and use --broker mqtt://HOST:PORT with a controller token.`,
  );
}

function deviceConnected(broker: ListenBroker, deviceId: string, timeoutMs: number): Promise<boolean> {
  if (broker.isConnected(deviceId)) return Promise.resolve(true);
  return brokerControl(broker)
    .nextConnect(deviceId, timeoutMs)
    .then((at) => at !== undefined);
}

function presenceOnline(link: MqttDeviceLink, timeoutMs: number): Promise<boolean> {
  const isOnline = () => {
    const latest = link.latest('state');
    return latest !== undefined && parsePresence(latest.payload)?.online === true;
  };
  if (isOnline()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      stop();
      resolve(false);
    }, timeoutMs);
    const stop = link.onTopic('state', () => {
      if (!isOnline()) return;
      clearTimeout(timer);
      stop();
      resolve(true);
    });
  });
}

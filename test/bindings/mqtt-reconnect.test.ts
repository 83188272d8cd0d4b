/**
 * EDP-MQTT-2 end to end: a `fleetcert simulate` process loses its broker (the broker restarts on
 * the same port, forgetting every retained message), reconnects with backoff, subscribes again,
 * announces itself again and keeps its state. Against fleetcert's embedded broker and Mosquitto.
 */
import { describe, expect, it } from 'vitest';
import { connectMqttController, type MqttController } from '../../src/transport/mqtt/controller.js';
import type { PresenceEvent } from '../../src/transport/mqtt/controller-events.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';
import { startMosquitto } from '../support/mosquitto.js';

const TOKEN = 'T';
const DEVICE = 'purifier-0007';

interface Restartable {
  readonly port: number;
  /** Stops the broker and starts a fresh one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<unknown>;
}

async function embedded(): Promise<Restartable> {
  let cli = spawnFleetcert(['broker', '--port', '0', '--token', TOKEN, '--log-level', 'warn']);
  const port = Number((await cli.waitForStdout(/listening on mqtt:\/\/127\.0\.0\.1:(\d+)/))[1]);
  return {
    port,
    async restart() {
      await cli.stop();
      cli = spawnFleetcert(['broker', '--port', String(port), '--token', TOKEN, '--log-level', 'warn']);
      await cli.waitForStdout(/listening on/);
    },
    stop: () => cli.stop(),
  };
}

async function mosquitto(): Promise<Restartable> {
  let server = await startMosquitto();
  const port = server.port;
  return {
    port,
    async restart() {
      await server.stop();
      server = await startMosquitto({ port });
    },
    stop: () => server.stop(),
  };
}

function presence(controller: MqttController, online: boolean, timeoutMs: number): Promise<PresenceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no presence online=${online} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    controller.on('presence', (event) => {
      if (event.deviceId === DEVICE && event.presence?.online === online) {
        clearTimeout(timer);
        resolve(event);
      }
    });
  });
}

async function controllerOn(port: number, seed: number): Promise<MqttController> {
  const controller = await connectMqttController({
    url: `mqtt://127.0.0.1:${port}`,
    name: 'tester',
    token: TOKEN,
    seed,
  });
  await controller.subscribeDevice(DEVICE);
  return controller;
}

describe.concurrent('EDP-MQTT-2 with a fleetcert simulate process', () => {
  it.each([
    ['the embedded broker', embedded],
    ['Mosquitto', mosquitto],
  ] as const)(
    'reconnects to %s after a restart, announces itself again and keeps its state',
    async (_name, start) => {
      const broker = await start();
      const device = spawnFleetcert([
        'simulate',
        '--type',
        'purifier',
        '--id',
        DEVICE,
        '--broker',
        `mqtt://127.0.0.1:${broker.port}`,
        '--token',
        TOKEN,
        '--seed',
        '3',
        '--log-level',
        'warn',
      ]);
      let after: MqttController | undefined;
      try {
        await device.waitForStdout(/online at/);
        const before = await controllerOn(broker.port, 1);
        await before.subscribeDevice(DEVICE);
        // Child lock (5, 1) is a plain writable bool: nothing but a write changes it.
        const set = await before.request(DEVICE, 'set_properties', [{ siid: 5, piid: 1, value: true }]);
        expect(set).toMatchObject({ status: 'answered', message: { result: [{ code: 0 }] } });
        await before.close();

        await broker.restart();
        const back = Date.now();
        after = await controllerOn(broker.port, 2);
        // The new broker holds no retained messages: this presence is the device announcing itself again.
        const online = presence(after, true, 10_000);
        const event = await online;
        expect(event.presence).toEqual({ online: true, model: 'fleetcert.purifier.v1', fw: '1.0.0' });
        expect(Date.now() - back).toBeLessThan(10_000);
        // Subscribed again (it answers on rpc) and kept its state.
        const get = await after.request(DEVICE, 'get_properties', [{ siid: 5, piid: 1 }]);
        expect(get).toMatchObject({
          status: 'answered',
          message: { result: [{ siid: 5, piid: 1, code: 0, value: true }] },
        });
      } finally {
        await after?.close();
        await device.stop('SIGKILL');
        await broker.stop();
      }
    },
  );
});

/**
 * Issue 2's acceptance, end to end, with clients no one here wrote: `fleetcert simulate` (a real
 * process) on a broker, driven by Mosquitto's own mosquitto_pub/mosquitto_sub logged in as
 * controller:NAME with token T. Run against fleetcert's embedded broker (`fleetcert broker
 * --token T`) and against a real Mosquitto server.
 */
import { describe, expect, it } from 'vitest';
import { type RunningCli, spawnFleetcert } from '../support/fleetcert-cli.js';
import { startMosquitto } from '../support/mosquitto.js';
import { mosquittoPub, mosquittoSub, type RunningSub, type SubLine } from '../support/mosquitto-clients.js';

const TOKEN = 'T';
const DEVICE = 'bulb-0001';
const controllerLogin = (port: number) => ({ port, username: 'controller:tester', password: TOKEN });

interface BrokerUnderTest {
  readonly port: number;
  stop(): Promise<unknown>;
}

const BROKERS: Record<string, () => Promise<BrokerUnderTest>> = {
  'the embedded broker (fleetcert broker --token T)': async () => {
    const cli = spawnFleetcert(['broker', '--port', '0', '--token', TOKEN, '--log-level', 'warn']);
    const [, port] = await cli.waitForStdout(/listening on mqtt:\/\/127\.0\.0\.1:(\d+)/);
    return { port: Number(port), stop: () => cli.stop() };
  },
  'a real Mosquitto server': async () => {
    const mosquitto = await startMosquitto();
    return { port: mosquitto.port, stop: () => mosquitto.stop() };
  },
};

const isJson = (line: SubLine, topic: string, match: (body: Record<string, unknown>) => boolean): boolean => {
  if (line.topic !== topic) return false;
  try {
    return match(JSON.parse(line.payload) as Record<string, unknown>);
  } catch {
    return false;
  }
};

/** Starts the device, then runs `body`; always stops what it started. */
async function withDevice(
  port: number,
  body: (watch: RunningSub, simulator: RunningCli) => Promise<void>,
): Promise<void> {
  const watch = mosquittoSub(controllerLogin(port), ['edp/1/+/state', 'edp/1/+/events', 'edp/1/+/rpc/reply']);
  let simulator: RunningCli | undefined;
  try {
    await watch.subscribed;
    simulator = spawnFleetcert([
      'simulate',
      '--type',
      'bulb',
      '--id',
      DEVICE,
      '--broker',
      `mqtt://127.0.0.1:${port}`,
      '--token',
      TOKEN,
      '--log-level',
      'warn',
    ]);
    await simulator.waitForStdout(/online at/);
    await body(watch, simulator);
  } finally {
    await watch.stop();
    await simulator?.stop('SIGKILL');
  }
}

// The two brokers run side by side; the steps against each run in order, as a person would do them.
describe.concurrent('issue 2 acceptance with mosquitto_pub/mosquitto_sub as controller:NAME, token T', () => {
  it.each(Object.entries(BROKERS))('round trip through %s', async (_name, startBroker) => {
    const broker = await startBroker();
    try {
      await withDevice(broker.port, async (watch, simulator) => {
        const stateTopic = `edp/1/${DEVICE}/state`;
        const rpc = `edp/1/${DEVICE}/rpc`;

        // EDP-MQTT-1: retained presence online:true, also for a controller that subscribes later.
        await watch.waitFor((l) => isJson(l, stateTopic, (b) => b.online === true), 5_000, 'online presence');
        const late = mosquittoSub(controllerLogin(broker.port), [stateTopic]);
        try {
          const line = await late.waitFor((l) => l.topic === stateTopic, 5_000, 'retained presence');
          expect(JSON.parse(line.payload)).toEqual({ online: true, model: 'fleetcert.bulb.v1', fw: '1.0.0' });
        } finally {
          await late.stop();
        }

        // Set brightness 40: code 0 and one properties_changed with the new value (EDP-PROP-3, EDP-NOTIFY-1).
        await mosquittoPub(
          controllerLogin(broker.port),
          rpc,
          '{"id":101,"method":"set_properties","params":[{"siid":2,"piid":2,"value":40}]}',
        );
        const setReply = await watch.waitFor(
          (l) => isJson(l, `${rpc}/reply`, (b) => b.id === 101),
          5_000,
          'set reply',
        );
        expect(JSON.parse(setReply.payload)).toEqual({ id: 101, result: [{ siid: 2, piid: 2, code: 0 }] });
        const changed = await watch.waitFor(
          (l) => isJson(l, `edp/1/${DEVICE}/events`, (b) => b.method === 'properties_changed'),
          5_000,
          'properties_changed',
        );
        expect(JSON.parse(changed.payload)).toEqual({
          method: 'properties_changed',
          params: [{ siid: 2, piid: 2, value: 40 }],
        });

        // Read it back.
        await mosquittoPub(
          controllerLogin(broker.port),
          rpc,
          '{"id":102,"method":"get_properties","params":[{"siid":2,"piid":2}]}',
        );
        const getReply = await watch.waitFor(
          (l) => isJson(l, `${rpc}/reply`, (b) => b.id === 102),
          5_000,
          'get reply',
        );
        expect(JSON.parse(getReply.payload)).toEqual({
          id: 102,
          result: [{ siid: 2, piid: 2, code: 0, value: 40 }],
        });

        // EDP-MQTT-1: SIGKILL leaves no time for goodbyes; the broker publishes the will, online:false.
        const before = watch.lines.length;
        expect((await simulator.stop('SIGKILL')).signal).toBe('SIGKILL');
        const offline = await watch.waitFor(
          (l) => watch.lines.indexOf(l) >= before && isJson(l, stateTopic, (b) => b.online === false),
          5_000,
          'offline presence from the will',
        );
        expect(JSON.parse(offline.payload)).toEqual({ online: false });
      });
    } finally {
      await broker.stop();
    }
  });
});

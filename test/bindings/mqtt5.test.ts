/**
 * MQTT 5 end to end through a broker no one here wrote (Mosquitto): a fleet of MQTT 5 devices
 * (`simulate --fleet --mqtt-version 5`) certified by an MQTT 5 controller (`certify --broker
 * --mqtt-version 5`), and a load run whose devices and controllers all speak MQTT 5
 * (`load --mqtt-version 5`). Mosquitto's own log says which protocol level each client used
 * (`(p5, …)`), so "speaks MQTT 5" is the broker's word, not ours. A refused MQTT 5 login names
 * its reason code.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../load/index.js';
import { counterValue } from '../../load/measure/counters.js';
import { connectMqttController, type MqttController } from '../../src/transport/mqtt/controller.js';
import { runCli } from '../load/cli.js';
import { writeScenario } from '../load/scenario.js';
import { type RunningCli, spawnFleetcert } from '../support/fleetcert-cli.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';

let open: RunningMosquitto;
let locked: RunningMosquitto;
let fleet: RunningCli | undefined;

beforeAll(async () => {
  [open, locked] = await Promise.all([
    startMosquitto(),
    startMosquitto({ auth: { passwords: { 'bulb-0001': 'right' } } }),
  ]);
}, 30_000);

afterAll(async () => {
  await fleet?.stop();
  await Promise.all([open?.stop(), locked?.stop()]);
});

/** Mosquitto's notice for each new client: `New client connected from … as ID (p5, c1, k60, …)`. */
function protocolLevels(broker: RunningMosquitto, idPattern: RegExp): Map<string, string> {
  const levels = new Map<string, string>();
  for (const match of broker.logs().matchAll(/New client connected from \S+ as (\S+) \((p\d)/g)) {
    if (idPattern.test(match[1] as string)) levels.set(match[1] as string, match[2] as string);
  }
  return levels;
}

async function waitOnline(controller: MqttController, ids: readonly string[]): Promise<void> {
  const online = new Set<string>();
  await new Promise<void>((resolve) => {
    controller.on('presence', (event) => {
      if (event.presence?.online) online.add(event.deviceId);
      if (ids.every((id) => online.has(id))) resolve();
    });
    void controller.subscribeDevice('+', ['state']);
  });
}

describe('MQTT 5 through Mosquitto', () => {
  it('a fleet of MQTT 5 devices is certified by an MQTT 5 controller', async () => {
    fleet = spawnFleetcert([
      'simulate',
      '--fleet',
      'bulb=2,purifier=1',
      '--id-prefix',
      'v5-',
      '--broker',
      open.url,
      '--mqtt-version',
      '5',
      '--log-level',
      'warn',
    ]);
    const watcher = await connectMqttController({
      url: open.url,
      name: 'watcher',
      token: 'x',
      clientOptions: { protocolVersion: 5 },
    });
    await waitOnline(watcher, ['v5-bulb-0001', 'v5-bulb-0002', 'v5-purifier-0001']);
    await watcher.close();
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-mqtt5-'));
    const certified = await runCli([
      'certify',
      '--broker',
      open.url,
      '--mqtt-version',
      '5',
      '--device-id',
      'v5-bulb-0001',
      '--token',
      'ctl',
      '--runs',
      '20',
      '--seed',
      '3',
      '--out',
      out,
      '--log-level',
      'silent',
    ]);
    expect(certified.stdout).toContain('v5-bulb-0001 (fleetcert.bulb.v1): CERTIFIED');
    expect(certified.code).toBe(0);
    const levels = protocolLevels(open, /^v5-/);
    expect([...levels.keys()].sort()).toEqual(['v5-bulb-0001', 'v5-bulb-0002', 'v5-purifier-0001']);
    expect(new Set(levels.values())).toEqual(new Set(['p5']));
    // The certifying controller spoke MQTT 5 too (its client id starts fleetcert_).
    expect(new Set(protocolLevels(open, /^fleetcert_/).values())).toEqual(new Set(['p5']));
  }, 180_000);

  it('a load run with MQTT 5 devices and controllers passes, every request and update checked', async () => {
    const scenario = await writeScenario();
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-mqtt5-load-'));
    const cli = await runCli([
      'load',
      scenario,
      '--broker',
      open.url,
      '--mqtt-version',
      '5',
      '--set',
      'idPrefix=l5-',
      '--out',
      out,
    ]);
    const result = JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
    expect(cli.stdout).toContain('verdict: PASSED');
    expect(cli.code).toBe(0);
    expect(result.counters.rpc.answered).toBe(result.counters.rpc.sent);
    expect(result.counters.rpc.sent).toBeGreaterThan(150);
    expect(counterValue(result.counters, 'rpc', 'errors')).toBe(0);
    expect(result.counters.notify.delivered).toBe(result.counters.notify.published);
    const devices = protocolLevels(open, /^l5-/);
    expect(devices.size).toBe(40);
    expect(new Set(devices.values())).toEqual(new Set(['p5']));
    const controllers = protocolLevels(open, /^fleetcert_load-/);
    expect(controllers.size).toBe(2);
    expect(new Set(controllers.values())).toEqual(new Set(['p5']));
  }, 120_000);

  it('a refused MQTT 5 login names the CONNACK reason code', async () => {
    const scenario = await writeScenario();
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-mqtt5-refused-'));
    const cli = await runCli(['load', scenario, '--broker', locked.url, '--mqtt-version', '5', '--out', out]);
    expect(cli.code).toBe(2);
    expect(cli.stderr + cli.stdout).toMatch(
      /controller load-0-\d cannot connect to mqtt:\/\/127\.0\.0\.1:\d+ \(MQTT 5\): CONNACK refused 0x8[67] (Bad User Name or Password|Not authorized)/,
    );
  }, 60_000);

  it('--mqtt-version takes 4 or 5 only', async () => {
    const scenario = await writeScenario();
    const cli = await runCli(['load', scenario, '--broker', open.url, '--mqtt-version', '3']);
    expect(cli.code).toBe(2);
    expect(cli.stderr + cli.stdout).toContain(
      '--mqtt-version must be 4 (MQTT 3.1.1) or 5 (MQTT 5.0), got "3"',
    );
  });
});

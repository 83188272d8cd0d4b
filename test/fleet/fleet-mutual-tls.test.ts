/**
 * Mutual TLS for fleets (issue 22, PROTOCOL.md section 9): certificates made with `fleetcert tls`,
 * a real Mosquitto with `require_certificate true` and `use_identity_as_username true` (the
 * certificate's CN is the MQTT username), and an ACL that lets each user write only under
 * edp/1/{username}/. A fleet with one certificate per device connects and publishes; a device
 * presenting another device's certificate is held to that device's topics; without a
 * certificate the broker refuses, and the CLI says so; a missing file names the device.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from '../../load/index.js';
import { startFleet } from '../../simulators/fleet/fleet.js';
import { parseModelText } from '../../src/model/load.js';
import { connectMqttController, type MqttController } from '../../src/transport/mqtt/controller.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';
import { runInProcess } from '../support/in-process-cli.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';

const FLEET_IDS = ['bulb-0001', 'bulb-0002', 'bulb-0003', 'purifier-0001', 'purifier-0002'];
const ACL = [
  'pattern readwrite edp/1/%u/#',
  'user controller:watch',
  'topic read edp/1/+/state',
  // The load run's controllers (their certificate's CN).
  'user controller:load',
  'topic read edp/1/+/rpc/reply',
  'topic read edp/1/+/events',
  'topic write edp/1/+/rpc',
  '',
].join('\n');

let dir: string;
let broker: RunningMosquitto;
let watcher: MqttController;
/** Device ids whose presence said online, in arrival order. */
const online: string[] = [];

const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-mtls-'));
  // The two commands a user runs (docs/load.md).
  const ca = await runInProcess('tls', 'ca', '--out', dir, '--server-host', '127.0.0.1');
  expect(ca.code, ca.stderr).toBe(0);
  const devices = await runInProcess(
    'tls',
    'devices',
    '--fleet',
    'bulb=3,purifier=2',
    '--controller',
    'watch',
    '--out',
    dir,
  );
  expect(devices.code, devices.stderr).toBe(0);
  const loadDevices = await runInProcess(
    'tls',
    'devices',
    '--fleet',
    'bulb=3,purifier=2',
    '--id-prefix',
    'load-',
    '--controller',
    'load',
    '--out',
    join(dir, 'load'),
    '--ca-cert',
    file('ca.crt'),
    '--ca-key',
    file('ca.key'),
  );
  expect(loadDevices.code, loadDevices.stderr).toBe(0);
  broker = await startMosquitto({
    auth: { allowAnonymous: true, acl: ACL },
    tls: {
      cert: file('server.crt'),
      key: file('server.key'),
      clientCa: file('ca.crt'),
      useIdentityAsUsername: true,
    },
  });
  watcher = await connectMqttController({
    url: broker.tlsUrl as string,
    name: 'watch',
    token: 'unused',
    seed: 1,
    clientOptions: {
      tlsOptions: {
        ca: await readFile(file('ca.crt')),
        cert: await readFile(file('controller-watch.crt')),
        key: await readFile(file('controller-watch.key')),
      },
    },
  });
  watcher.on('presence', (event) => {
    if (event.presence?.online) online.push(event.deviceId);
  });
  await watcher.subscribeDevice('+', ['state']);
}, 60_000);

afterAll(async () => {
  await watcher?.close();
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Resolves once `id`'s online presence reached the watcher (a hang guard, not a timing assertion). */
async function presenceOf(id: string): Promise<void> {
  for (let waited = 0; !online.includes(id); waited += 20) {
    if (waited > 60_000) throw new Error(`no presence of ${id}; broker log:\n${broker.logs()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a fleet with client certificates (mutual TLS)', () => {
  it("simulate --fleet with a {deviceId} pattern: every device connects as its certificate's CN and publishes its presence", async () => {
    const cli = spawnFleetcert([
      'simulate',
      '--fleet',
      'bulb=3,purifier=2',
      '--broker',
      broker.tlsUrl as string,
      '--ca',
      file('ca.crt'),
      '--cert',
      join(dir, '{deviceId}.crt'),
      '--key',
      join(dir, '{deviceId}.key'),
      '--token',
      'T',
    ]);
    try {
      await cli.waitForStdout(/5 devices online \(bulb 3, purifier 2\) at mqtts:/, 60_000);
      // The ACL lets a user write only under edp/1/{CN}/: each presence proves its certificate was taken.
      for (const id of FLEET_IDS) await presenceOf(id);
    } finally {
      const exit = await cli.stop('SIGINT');
      expect(exit.code, cli.stderr()).toBe(0);
    }
    expect(cli.stderr()).not.toContain('PRIVATE KEY');
  });

  it("a device presenting another device's certificate is that device to the broker: its own topics are closed to it", async () => {
    const ca = await readFile(file('ca.crt'), 'utf8');
    const pair = async (id: string) => ({
      cert: await readFile(file(`${id}.crt`), 'utf8'),
      key: await readFile(file(`${id}.key`), 'utf8'),
    });
    const bulb = parseModelText(
      await readFile(new URL('../../fixtures/models/bulb.json', import.meta.url), 'utf8'),
      'bulb',
    ).model;
    const device = async (id: string, presents: string) =>
      startFleet({
        groups: [{ name: 'bulb', model: bulb, count: 1, ids: [id] }],
        broker: broker.tlsUrl as string,
        tokens: { kind: 'single', token: 'T' },
        brokerTls: { ca, perClient: { [id]: await pair(presents) } },
      });
    // bulb-0042 logs in with its own id and token, but presents bulb-0003's certificate.
    const impostor = await device('bulb-0042', 'bulb-0003');
    await impostor.ready(60_000);
    // Its presence was handled by the broker (one thread) before the PUBACK that made it ready;
    // a presence published after that reaching the watcher shows the impostor's was dropped.
    const seen = online.length;
    const marker = await device('bulb-0001', 'bulb-0001');
    await marker.ready(60_000);
    for (let waited = 0; !online.slice(seen).includes('bulb-0001'); waited += 20) {
      if (waited > 60_000) throw new Error('no presence of bulb-0001');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all([impostor.stop(), marker.stop()]);
    expect(online).not.toContain('bulb-0042');
  });

  it('without a client certificate the broker refuses, and simulate stops with exit 2 saying what to give', async () => {
    const cli = spawnFleetcert([
      'simulate',
      '--fleet',
      'bulb=2',
      '--broker',
      broker.tlsUrl as string,
      '--ca',
      file('ca.crt'),
      '--token',
      'T',
    ]);
    const exit = await cli.exited;
    expect(exit.code, cli.stderr()).toBe(2);
    expect(cli.stderr()).toMatch(
      /the broker refused the TLS handshake of device bulb-000[12]: it requires a client certificate and none was presented; give each device a client certificate: --cert and --key .*\[FLEETCERT_CLIENT_CERT\]/,
    );
  });

  it('under --workers too: a refused client certificate stops simulate with exit 2 naming the device, the alert and the fix', async () => {
    const cli = spawnFleetcert([
      'simulate',
      '--fleet',
      'bulb=4',
      '--workers',
      '2',
      '--broker',
      broker.tlsUrl as string,
      '--ca',
      file('ca.crt'),
      '--token',
      'T',
    ]);
    const exit = await cli.exited;
    expect(exit.code, cli.stderr()).toBe(2);
    expect(cli.stderr()).toMatch(
      /the broker refused the TLS handshake of device bulb-000[1-4]: it requires a client certificate and none was presented; give each device a client certificate: --cert and --key .*\[FLEETCERT_CLIENT_CERT\]/,
    );
  });

  it("a device's missing certificate file is exit 2 naming the device and the path, before anything connects", async () => {
    const cli = spawnFleetcert([
      'simulate',
      '--fleet',
      'bulb=4',
      '--broker',
      broker.tlsUrl as string,
      '--ca',
      file('ca.crt'),
      '--cert',
      dir,
      '--token',
      'T',
    ]);
    const exit = await cli.exited;
    expect(exit.code, cli.stderr()).toBe(2);
    expect(cli.stderr()).toContain(
      `no client certificate for device bulb-0004: ${join(dir, 'bulb-0004.crt')} does not exist; make it with \`fleetcert tls devices\``,
    );
    expect(cli.stderr()).toContain('[FLEETCERT_CLIENT_CERT]');
  });
});

describe('a load run with client certificates (mutual TLS)', () => {
  /** A short run through the same broker; paths in the scenario are relative to its folder. */
  async function runLoadWith(broker: Record<string, unknown>, name: string) {
    const scenario = join(dir, `${name}.yaml`);
    await writeFile(
      scenario,
      stringify({
        name,
        seed: 3,
        idPrefix: 'load-',
        broker: { ca: 'ca.crt', ...broker },
        fleet: [
          { type: 'bulb', count: 3 },
          { type: 'purifier', count: 2 },
        ],
        tokens: { devices: 'tok-{id}', controller: 'ctl' },
        stages: [{ rampUp: '100/s' }, { hold: '2s' }],
        requests: { rate: '20/s', mix: { get: 1, set: 1, action: 1 }, controllers: 1 },
        settle: '500ms',
      }),
    );
    const out = join(dir, `${name}-out`);
    const cli = spawnFleetcert(['load', scenario, '--out', out]);
    const exit = await cli.exited;
    return { exit, cli, out };
  }

  it('devices present {deviceId} certificates and the controller its own: every request is answered', async () => {
    const { exit, cli, out } = await runLoadWith(
      {
        url: broker.tlsUrl,
        cert: 'load/{deviceId}.crt',
        key: 'load/{deviceId}.key',
        controllerCert: 'load/controller-load.crt',
        controllerKey: 'load/controller-load.key',
      },
      'mtls',
    );
    expect(exit.code, cli.stderr()).toBe(0);
    const result = JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
    expect(result.counters.connect.count).toBe(5);
    expect(result.counters.rpc.sent).toBeGreaterThan(10);
    // The ACL opens rpc/reply under edp/1/{CN}/ only: answers prove each device was its certificate.
    expect(result.counters.rpc.answered).toBe(result.counters.rpc.sent);
  });

  it('without a controller certificate the run stops before it starts: exit 2 naming what to give', async () => {
    const { exit, cli } = await runLoadWith(
      { url: broker.tlsUrl, cert: 'load/{deviceId}.crt', key: 'load/{deviceId}.key' },
      'no-controller-cert',
    );
    expect(exit.code, cli.stderr()).toBe(2);
    expect(cli.stderr()).toContain('give broker.controllerCert and broker.controllerKey');
  });

  it("a device's missing certificate file is exit 2 naming the device and the scenario key", async () => {
    const { exit, cli } = await runLoadWith(
      { url: broker.tlsUrl, cert: 'missing/{deviceId}.crt', key: 'load/{deviceId}.key' },
      'missing-cert',
    );
    expect(exit.code, cli.stderr()).toBe(2);
    expect(cli.stderr()).toMatch(
      /no client certificate for device load-(bulb|purifier)-000\d: .*missing\/load-/,
    );
    expect(cli.stderr()).toContain('broker.cert/broker.key');
  });
});

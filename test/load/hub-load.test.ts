/**
 * Acceptance of hub scenarios (`fleetcert load` with a `hub:` section): the reference hub
 * under load passes its thresholds over the embedded broker (the hub-smoke fixture itself) and
 * over Mosquitto; each planted hub bug fails the threshold that names it, with exit 1; the
 * result file's counts add up. Real processes and sockets throughout.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from '../../load/index.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { freePort } from '../support/ports.js';
import { runCli } from './cli.js';

/** A small hub scenario: 20 devices, 8 app connections of five tokens, 3 s of traffic. */
const SMALL = {
  name: 'hub-test',
  seed: 11,
  fleet: [
    { type: 'bulb', count: 10 },
    { type: 'purifier', count: 6 },
    { type: 'tv', count: 4 },
  ],
  stages: [{ hold: '3s' }],
  telemetry: { rate: '2/s' },
  requests: { rate: '100/s', mix: { get: 6, set: 3, action: 1 } },
  hub: {
    command: 'fleetcert hub',
    drain: '2s',
    apps: [
      { token: 'app-all', devices: '*', connections: 2, subscribe: '*' },
      { token: 'app-all', devices: '*', connections: 1, subscribe: 'none' },
      { token: 'app-bulbs', devices: { types: ['bulb'] }, connections: 2, subscribe: 'granted' },
      {
        token: 'app-tv',
        devices: { types: ['tv', 'purifier'] },
        connections: 2,
        subscribe: { types: ['tv'] },
      },
      { token: 'app-none', devices: [], connections: 1, subscribe: 'none' },
    ],
  },
  thresholds: [
    'hub.rtt.p99<1s',
    'hub.lost<0.1%',
    'hub.misdelivered==0',
    'hub.wrongApp==0',
    'hub.wrong==0',
    'hub.forwardedTwice==0',
    'notify.leaked==0',
    'notify.lost<0.1%',
  ],
};

let dir: string;
let scenario: string;
let mosquitto: RunningMosquitto | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-load-'));
  scenario = join(dir, 'hub.yaml');
  await writeFile(scenario, stringify(SMALL));
});

afterAll(async () => {
  await mosquitto?.stop();
});

async function resultIn(out: string): Promise<LoadResult> {
  return JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
}

/** Every command sent is accounted for exactly once. */
function expectCommandsAddUp(result: LoadResult): void {
  const hub = result.counters.hub!;
  expect(hub.sent).toBeGreaterThan(0);
  expect(
    hub.answered +
      hub.lost +
      hub.wrong +
      hub.misdelivered +
      hub.offline +
      hub.timeout +
      hub.busy +
      hub.refused,
  ).toBe(hub.sent);
}

describe('fleetcert load: a hub scenario', () => {
  it('passes fixtures/scenarios/hub-smoke.yaml against the reference hub over the embedded broker (200 devices, 8 app connections)', async () => {
    const out = join(dir, 'smoke');
    const run = await runCli([
      'load',
      'fixtures/scenarios/hub-smoke.yaml',
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    expect(run.stdout).toContain('verdict: PASSED');
    expect(run.code).toBe(0);
    const result = await resultIn(out);
    expectCommandsAddUp(result);
    expect(result.devices.planned).toBe(200);
    expect(result.counters.hub!.answered).toBeGreaterThan(result.counters.hub!.sent * 0.98);
    // Notifications fanned out: more due to subscribers than devices sent (several subscribers each).
    expect(result.counters.notify.delivered).toBeGreaterThan(3000);
    expect(result.counters.notify.leaked).toBe(0);
    const report = await readFile(join(out, 'load-report.html'), 'utf8');
    expect(report).toContain('hub.forwardedTwice');
    expect(report).toContain('Hub command round trip');
  }, 120_000);

  it('passes against the reference hub over Mosquitto (--broker), after a warm-up the count leaves out', async () => {
    mosquitto = await startMosquitto();
    const out = join(dir, 'mosquitto');
    // hub.warmup: its gets reach the same devices with the same params as the traffic's gets;
    // hub.forwardedTwice==0 holds only if the count leaves the warm-up's requests out.
    const warmed = join(dir, 'hub-warmup.yaml');
    await writeFile(warmed, stringify({ ...SMALL, hub: { ...SMALL.hub, warmup: '1s' } }));
    const run = await runCli([
      'load',
      warmed,
      '--broker',
      mosquitto.url,
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    expect(run.stdout).toContain('verdict: PASSED');
    expect(run.code).toBe(0);
    const result = await resultIn(out);
    expectCommandsAddUp(result);
    expect(result.counters.hub!.forwardedTwice).toBe(0);
    const note = result.notes.find((n) => n.startsWith('Warm-up (hub.warmup):'));
    const [, sent, answered] =
      note?.match(/: (\d+) get_properties sent before the traffic, (\d+) answered/) ?? [];
    expect(Number(sent)).toBeGreaterThan(20);
    expect(Number(answered)).toBe(Number(sent));
  }, 120_000);

  // The lighter load faults fail hub-smoke itself: test/load/hub-load-faults.test.ts.
  const planted: readonly [fault: string, threshold: string, holds: string][] = [
    ['forward-twice', 'hub.forwardedTwice==0', 'notify.leaked==0'],
    ['answer-wrong-connection', 'hub.wrongApp==0', 'notify.leaked==0'],
    ['drop-app-notifications', 'notify.lost<0.1%', 'hub.wrongApp==0'],
    ['notify-unsubscribed', 'notify.leaked==0', 'hub.wrongApp==0'],
  ];
  it(`fails against ${planted.map(([f, t]) => `fleetcert hub --fault ${f} on ${t}`).join(' and ')} (exit 1; all at once)`, async () => {
    const runs = await Promise.all(
      planted.map(([fault]) =>
        runCli([
          'load',
          scenario,
          '--hub-command',
          `fleetcert hub --fault ${fault}`,
          '--out',
          join(dir, fault),
          '--log-level',
          'warn',
        ]),
      ),
    );
    for (const [i, [fault, threshold, holds]] of planted.entries()) {
      const run = runs[i]!;
      expect(run.code, `${fault}: ${run.stderr}`).toBe(1);
      expect(run.stdout).toContain(`✘ ${threshold}`);
      const result = await resultIn(join(dir, fault));
      expect(result.thresholds.find((t) => t.threshold === threshold)?.holds).toBe(false);
      // The clean thresholds of other kinds still hold: the count blames the bug, not everything.
      expect(result.thresholds.find((t) => t.threshold === holds)?.holds, fault).toBe(true);
    }
  }, 120_000);

  it('loads a hub that already runs (--hub URL --hub-config FILE): grants, tokens and broker from its configuration', async () => {
    mosquitto ??= await startMosquitto();
    const port = await freePort();
    const bulbs = Array.from({ length: 10 }, (_, i) => `bulb-${String(i + 1).padStart(4, '0')}`);
    const config = join(dir, 'running-hub.json');
    await writeFile(
      config,
      JSON.stringify({
        listen: `127.0.0.1:${port}`,
        mqtt: { url: mosquitto.url, username: 'controller:hub', password: 'unused' },
        deadline_ms: 2000,
        apps: [
          { token: 'app-all', devices: '*' },
          { token: 'app-bulbs', devices: bulbs },
        ],
      }),
    );
    const hub = spawnFleetcert(['hub', '--config', config]);
    try {
      await hub.waitForStdout(/EDP-HUB READY/, 30_000);
      const running = join(dir, 'running.yaml');
      await writeFile(
        running,
        stringify({
          ...SMALL,
          hub: {
            url: 'ws://127.0.0.1:1/edp/1/hub',
            config: 'overridden.json',
            drain: '2s',
            apps: [
              { token: 'app-all', connections: 2, subscribe: '*' },
              { token: 'app-bulbs', connections: 2, subscribe: 'granted' },
            ],
          },
        }),
      );
      const out = join(dir, 'running');
      const run = await runCli([
        'load',
        running,
        '--hub',
        `ws://127.0.0.1:${port}/edp/1/hub`,
        '--hub-config',
        config,
        '--out',
        out,
        '--log-level',
        'warn',
      ]);
      expect(run.stdout).toContain('verdict: PASSED');
      expect(run.code).toBe(0);
      const result = await resultIn(out);
      expectCommandsAddUp(result);
      // Tokens never reach the result: neither the hub's broker password nor the app tokens.
      expect(JSON.stringify(result)).not.toContain('unused');
      expect(JSON.stringify(result)).not.toContain('app-bulbs');
      expect(result.scenario.hub?.apps.map((a) => a.token)).toEqual(['[redacted] app 1', '[redacted] app 2']);
    } finally {
      await hub.stop();
    }
  }, 120_000);

  it('stops on SIGINT mid-traffic: the hub it started is stopped, the result covers what ran', async () => {
    const long = join(dir, 'hub-long.yaml');
    await writeFile(
      long,
      stringify({ ...SMALL, name: 'hub-stop', stages: [{ hold: '60s' }], thresholds: [] }),
    );
    const out = join(dir, 'stopped');
    const run = spawnFleetcert(['load', long, '--out', out, '--log-format', 'json', '--log-level', 'debug']);
    // The task runner logs each setup: the traffic has begun once its task has.
    await run.waitForStderr(/"task":"traffic"[^\n]*"task setup"|"task setup"[^\n]*"task":"traffic"/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ended = await run.stop('SIGINT');
    expect(ended.signal).toBeNull();
    const result = await resultIn(out);
    expectCommandsAddUp(result);
    // Teardowns ran in reverse: apps, then the hub, then the fleet, then the broker.
    const teardowns = [...run.stderr().matchAll(/"task":"(\w+)"[^\n]*"task teardown"/g)].map((m) => m[1]);
    expect(teardowns).toEqual(['apps', 'hub', 'fleet', 'broker']);
  });

  it('refuses a hub scenario that names no hub, with the path and the fix (exit 2)', async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, stringify({ ...SMALL, hub: { apps: SMALL.hub.apps } }));
    const run = await runCli(['load', bad, '--out', join(dir, 'bad')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('$.hub: the hub section names neither command nor url');
  }, 60_000);
});

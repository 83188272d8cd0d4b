/**
 * `fleetcert replay` end to end through the CLI, against the reference simulators with planted
 * faults (simulators/faults): certify writes a sealed trace per failed rule; replaying the
 * folder fails with the same rule while the fault is planted and passes once it is switched
 * off, with one JUnit file for all; a trace for another model digest stops with exit 2; a
 * tampered trace fails `report verify` and is refused by `replay --verify`.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../../simulators/faults/types.js';
import { createBrokerAuthPolicy } from '../../src/broker/auth-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/embedded-broker.js';
import { sharedTokenPolicy } from '../../src/broker/token-policy.js';
import { runInProcess as run } from '../support/in-process-cli.js';
import {
  type ModelName,
  type RunningSimulator,
  referenceModel,
  startMqttSimulator,
  startWsSimulator,
} from '../support/reference-simulator.js';

const TOKEN = 'replay-test-token';
let dir: string;
let broker: EmbeddedBroker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-replay-cli-'));
  broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
  });
});
afterAll(async () => {
  await broker.close();
  await rm(dir, { recursive: true, force: true });
});

interface Device {
  readonly args: string[];
  stop(): Promise<void>;
}

/** A reference simulator, faulty or not: over WebSocket for the TV, else through the test's broker. */
async function startDevice(type: ModelName, fault: FaultName | undefined): Promise<Device> {
  const sim = {
    type,
    deviceId: `${type}-0001`,
    token: TOKEN,
    ...(fault === undefined ? {} : { faults: [{ name: fault, rate: 1 }] }),
  };
  let running: RunningSimulator;
  let args: string[];
  if (type === 'tv') {
    running = await startWsSimulator(sim);
    args = ['--ws', running.url as string];
  } else {
    running = await startMqttSimulator(broker.url, sim);
    await new Promise((resolve) => setTimeout(resolve, 200));
    args = ['--broker', broker.url];
  }
  return { args, stop: () => running.stop() };
}

async function withDevice<T>(type: ModelName, fault: FaultName | undefined, fn: (d: Device) => Promise<T>) {
  const device = await startDevice(type, fault);
  try {
    return await fn(device);
  } finally {
    await device.stop();
  }
}

const common = (type: ModelName) => [
  '--device-id',
  `${type}-0001`,
  '--token',
  TOKEN,
  '--log-level',
  'silent',
];

const PLANTED: ReadonlyArray<{ fault: FaultName; type: ModelName; rule: string }> = [
  { fault: 'accept-out-of-range', type: 'bulb', rule: 'EDP-PROP-4' },
  { fault: 'reorder-batch', type: 'bulb', rule: 'EDP-RPC-3' },
  { fault: 'missing-notification', type: 'bulb', rule: 'EDP-NOTIFY-1' },
  { fault: 'stale-notification', type: 'bulb', rule: 'EDP-NOTIFY-2' },
  { fault: 'missing-event', type: 'tv', rule: 'EDP-ACT-1' },
  { fault: 'unresponsive-after-garbage', type: 'bulb', rule: 'EDP-RPC-4' },
  { fault: 'duplicate-executes-twice', type: 'bulb', rule: 'EDP-RPC-5' },
];

describe('fleetcert replay against planted simulator faults', { timeout: 120_000 }, () => {
  for (const { fault, type, rule } of PLANTED) {
    it(`${fault}: the trace of ${rule} fails again while planted, passes once switched off`, async () => {
      const out = join(dir, fault);
      const certified = await withDevice(type, fault, (d) =>
        run(
          'certify',
          ...d.args,
          ...common(type),
          '--only',
          rule,
          '--runs',
          '40',
          '--seed',
          '5',
          '--out',
          out,
        ),
      );
      expect(certified.code, certified.stderr).toBe(1);
      const traces = join(out, 'traces');
      expect(await readdir(traces)).toEqual([`${rule}.trace.json`]);
      expect(certified.stdout).toContain(`traces: ${join(traces, `${rule}.trace.json`)}`);
      const trace = JSON.parse(await readFile(join(traces, `${rule}.trace.json`), 'utf8'));
      expect(trace.schema).toBe('fleetcert.trace/1');
      expect(trace.model.id).toBe(referenceModel(type).model);

      const replayOut = join(dir, `${fault}-replay`);
      const again = await withDevice(type, fault, (d) =>
        run('replay', traces, ...d.args, ...common(type), '--verify', '--out', replayOut),
      );
      expect(again.code, again.stdout + again.stderr).toBe(1);
      expect(again.stdout).toContain(`${rule} still broken`);
      const junit = await readFile(join(replayOut, 'junit.xml'), 'utf8');
      expect(junit).toContain('tests="1" failures="1"');
      expect(junit).toContain(`(${rule})`);

      const fixed = await withDevice(type, undefined, (d) =>
        run('replay', traces, ...d.args, ...common(type), '--out', replayOut),
      );
      expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
      expect(fixed.stdout).toContain('every trace PASSED');
      expect(await readFile(join(replayOut, 'junit.xml'), 'utf8')).toContain('tests="1" failures="0"');
    });
  }

  it('replays a folder of several traces in one command, one JUnit file for all', async () => {
    const folder = join(dir, 'all-traces');
    const sources = ['accept-out-of-range', 'missing-notification', 'stale-notification'];
    await run('report', 'verify', join(dir, sources[0] as string, 'traces', 'EDP-PROP-4.trace.json'));
    const { mkdir, copyFile } = await import('node:fs/promises');
    await mkdir(folder, { recursive: true });
    for (const [source, rule] of [
      ['accept-out-of-range', 'EDP-PROP-4'],
      ['missing-notification', 'EDP-NOTIFY-1'],
      ['stale-notification', 'EDP-NOTIFY-2'],
    ] as const)
      await copyFile(join(dir, source, 'traces', `${rule}.trace.json`), join(folder, `${rule}.trace.json`));
    const out = join(dir, 'all-replay');
    const result = await withDevice('bulb', 'missing-notification', (d) =>
      run('replay', folder, ...d.args, ...common('bulb'), '--out', out),
    );
    expect(result.code).toBe(1);
    const junit = await readFile(join(out, 'junit.xml'), 'utf8');
    expect(junit).toContain('tests="3"');
    expect(result.stdout).toMatch(/FAILED .*EDP-NOTIFY-1\.trace\.json {2}EDP-NOTIFY-1 still broken/);
    expect(result.stdout).toMatch(/passed .*EDP-PROP-4\.trace\.json {2}EDP-PROP-4 holds/);
  });

  it('stops with exit 2 when the trace was recorded against another model digest', async () => {
    const trace = join(dir, 'accept-out-of-range', 'traces', 'EDP-PROP-4.trace.json');
    const changed = structuredClone(referenceModel('bulb')) as unknown as {
      services: Array<{ name: string }>;
    };
    (changed.services[1] as { description?: string }).description = 'another revision of the model';
    const modelFile = join(dir, 'bulb-changed.json');
    await writeFile(modelFile, JSON.stringify(changed));
    const result = await withDevice('bulb', undefined, (d) =>
      run('replay', trace, ...d.args, ...common('bulb'), '--model', modelFile),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('was recorded against model fleetcert.bulb.v1 sha256:');
    expect(result.stderr).toContain('Replay it with the model it was recorded for (--model)');
  });

  it('a tampered trace fails report verify, and replay --verify refuses it (exit 2)', async () => {
    const original = join(dir, 'accept-out-of-range', 'traces', 'EDP-PROP-4.trace.json');
    const intact = await run('report', 'verify', original);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain('trace      EDP-PROP-4 on model fleetcert.bulb.v1');
    const trace = JSON.parse(await readFile(original, 'utf8'));
    trace.steps[trace.steps.length - 1].expects.response = 'whatever the device says';
    const tampered = join(dir, 'tampered.trace.json');
    await writeFile(tampered, JSON.stringify(trace, null, 2));
    const verified = await run('report', 'verify', tampered);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toContain('CHANGED');
    const refused = await run(
      'replay',
      tampered,
      '--ws',
      'ws://127.0.0.1:9/edp/1',
      ...common('bulb'),
      '--verify',
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('was changed after fleetcert wrote it');
  });
});

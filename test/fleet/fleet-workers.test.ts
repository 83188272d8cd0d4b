/**
 * `fleetcert simulate --fleet … --workers 2` over two Mosquitto brokers (the small copy of
 * bench:fleet's 60,000-device run): the fleet really runs in two worker processes, the devices
 * share both brokers, every device is online on exactly one of them and answers a request
 * itself (EDP-MQTT-1, EDP-RPC-1), and a SIGINT takes every device offline gracefully and exits 0.
 * Not timed: the figures live in the benchmark.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fleetDeviceId, indexWidth } from '../../simulators/fleet/device-ids.js';
import { checkFleetAnswers } from '../support/fleet-answers.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';

const BIN = new URL('../../bin/fleetcert.js', import.meta.url).pathname;
const GROUPS = [
  ['bulb', 120],
  ['purifier', 80],
  ['tv', 40],
] as const;
const IDS = GROUPS.flatMap(([type, count]) =>
  Array.from({ length: count }, (_, i) => fleetDeviceId('', type, i + 1, indexWidth(count))),
);

let brokers: RunningMosquitto[] = [];
let child: ChildProcess | undefined;

beforeAll(async () => {
  brokers = await Promise.all([startMosquitto(), startMosquitto()]);
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});
afterAll(async () => {
  await Promise.all(brokers.map((b) => b.stop()));
});

/** Child pids of `pid` (Linux /proc; empty elsewhere). */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

describe('a fleet in worker processes over several brokers', () => {
  it('every device is online on one of the two brokers and answers; SIGINT stops all workers', async () => {
    const args = [
      BIN,
      'simulate',
      '--fleet',
      GROUPS.map(([type, count]) => `${type}=${count}`).join(','),
      '--broker',
      brokers.map((b) => b.url).join(','),
      '--workers',
      '2',
      '--token',
      'T',
      '--log-level',
      'warn',
    ];
    child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child!.once('exit', (code, signal) => resolve({ code, signal }));
    });
    const deadline = Date.now() + 45_000;
    while (
      !output.includes(`${IDS.length} devices online`) &&
      Date.now() < deadline &&
      child.exitCode === null
    )
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output, output).toContain(`${IDS.length} devices online`);
    // Two workers, each a process of its own (its own file limit).
    expect(childPids(child.pid!).length, output).toBe(2);

    const answers = await checkFleetAnswers(
      brokers.map((b) => b.url),
      IDS,
      { timeoutMs: 20_000 },
    );
    expect(answers.missing, output).toEqual([]);
    expect(answers.duplicated).toEqual([]);
    expect(answers.unexpected).toBe(0);
    expect(answers.online).toBe(IDS.length);
    // Round-robin in each worker's connect order: both brokers carry half the fleet.
    expect(answers.perBroker).toEqual([IDS.length / 2, IDS.length / 2]);
    expect({ answered: answers.answered, wrong: answers.wrong }).toEqual({ answered: IDS.length, wrong: 0 });

    child.kill('SIGINT');
    const exit = await exited;
    expect(exit, output).toEqual({ code: 0, signal: null });
    expect(output).toContain(`${IDS.length} devices went offline gracefully`);
    expect(output).toContain(`${IDS.length} requests served`);
    // A clean DISCONNECT on whichever broker each device was on: no will fired.
    const logs = brokers.map((b) => b.logs()).join('\n');
    for (const id of IDS) expect(logs).toContain(`Client ${id} disconnected.`);
  });
});

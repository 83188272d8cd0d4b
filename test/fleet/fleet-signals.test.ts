/**
 * A fleet process and its end (EDP-MQTT-1): killed with SIGKILL, every device is left offline
 * by its will; stopped with SIGINT, every device publishes offline itself and disconnects
 * cleanly (so the broker drops its will) before the process exits. The CLI runs as a real
 * child process against a real Mosquitto.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectFleetController, type FleetController } from '../support/fleet-controller.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';

const BIN = new URL('../../bin/fleetcert.js', import.meta.url).pathname;
const IDS = [
  ...['0001', '0002', '0003', '0004', '0005', '0006'].map((i) => `bulb-${i}`),
  ...['0001', '0002', '0003', '0004'].map((i) => `purifier-${i}`),
  ...['0001', '0002', '0003'].map((i) => `tv-${i}`),
];

let broker: RunningMosquitto;
let child: ChildProcess | undefined;

beforeAll(async () => {
  broker = await startMosquitto();
});
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});
afterAll(async () => {
  await broker?.stop();
});

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runFleet(prefix: string, extra: readonly string[] = []): Run {
  const args = [
    BIN,
    'simulate',
    '--fleet',
    'bulb=6,purifier=4,tv=3',
    '--broker',
    broker.url,
    '--id-prefix',
    prefix,
    '--token',
    'T',
    '--log-level',
    'warn',
    ...extra,
  ];
  child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child!.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, output: () => output, exited };
}

async function allPresence(
  controller: FleetController,
  prefix: string,
  online: boolean,
  timeoutMs = 15_000,
): Promise<void> {
  await Promise.all(
    IDS.map((id) =>
      controller.waitFor(
        (r) => r.deviceId === `${prefix}${id}` && r.kind === 'state' && r.body.online === online,
        timeoutMs,
        `${online ? 'online' : 'offline'} presence of ${prefix}${id}`,
      ),
    ),
  );
}

describe('the end of a fleet process', () => {
  it('SIGKILL leaves every device offline through its will', async () => {
    const controller = await connectFleetController(broker.url);
    try {
      const run = runFleet('kill-');
      await allPresence(controller, 'kill-', true);
      run.child.kill('SIGKILL');
      expect((await run.exited).signal).toBe('SIGKILL');
      await allPresence(controller, 'kill-', false, 5_000);
      for (const id of IDS) expect(broker.logs()).toContain(`Client kill-${id} closed its connection.`);
    } finally {
      await controller.close();
    }
  });

  for (const workers of [1, 2]) {
    it(`SIGINT publishes graceful offline for every device, then exits 0 (${workers} process${workers > 1 ? 'es' : ''})`, async () => {
      const prefix = `int${workers}-`;
      const controller = await connectFleetController(broker.url);
      try {
        const run = runFleet(prefix, workers > 1 ? ['--workers', String(workers)] : []);
        await allPresence(controller, prefix, true);
        run.child.kill('SIGINT');
        const exit = await run.exited;
        expect(exit, run.output()).toEqual({ code: 0, signal: null });
        await allPresence(controller, prefix, false, 5_000);
        // A clean DISCONNECT, so the broker dropped the will: the offline came from the device itself.
        for (const id of IDS) expect(broker.logs()).toContain(`Client ${prefix}${id} disconnected.`);
        expect(run.output()).toContain(`${IDS.length} devices went offline gracefully`);
      } finally {
        await controller.close();
      }
    });
  }
});

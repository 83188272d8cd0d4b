/**
 * runLoad on the task runner (src/tasks/task-runner.ts): a stop during the traffic still gives a
 * result that says so, with the devices stopped before the controllers close; a failure while
 * setting up names itself and still stops what was started. Against the embedded broker, with
 * a pool that records what the runner asks of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import { resolveScenario } from '../scenario/load.js';
import type { CreatePool, DevicePool } from './pool.js';
import { deviceLagNote, runLoad } from './run-load.js';
import { createSimulatedPool } from './simulated-pool.js';
import { createWorkerPool } from './worker-pool.js';

let broker: EmbeddedBroker;
beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
});
afterAll(async () => {
  await broker?.close();
});

const scenario = () =>
  resolveScenario(
    {
      broker: { url: broker.url },
      idPrefix: 'tasks-',
      fleet: [{ type: 'bulb', count: 4 }],
      stages: [{ rampUp: '100/s' }, { hold: '30s' }],
      requests: { rate: '20/s' },
      settle: '200ms',
    },
    'test',
  );

/** The simulated pool, with a log of the runner's calls to it. */
function recordingPool(log: string[]): CreatePool {
  return (devices, options) => {
    const inner = createSimulatedPool(devices, options);
    const pool: DevicePool = {
      connect: (slot) => inner.connect(slot),
      disconnect: (slot) => inner.disconnect(slot),
      publishByItself: (...args) => inner.publishByItself(...args),
      stop: async () => {
        log.push('pool stopped');
        await inner.stop();
      },
    };
    log.push('pool created');
    return pool;
  };
}

describe('runLoad as named tasks', () => {
  it('a stop during the traffic: the result covers what ran and says so; devices stopped once', async () => {
    const log: string[] = [];
    const stop = new AbortController();
    let intervals = 0;
    const result = await runLoad(scenario(), {
      version: 'test',
      signal: stop.signal,
      createPool: recordingPool(log),
      onProgress: () => {
        if (++intervals === 2) stop.abort();
      },
    });
    expect(log).toEqual(['pool created', 'pool stopped']);
    expect(result.notes.some((n) => /^Stopped early at \d+ s of 3\d s/.test(n))).toBe(true);
    expect(result.counters.rpc.sent).toBeGreaterThan(0);
  }, 60_000);

  it('a pool that cannot start fails the run by its error, and nothing is left running', async () => {
    const failing: CreatePool = () => {
      throw new Error('no devices today');
    };
    await expect(runLoad(scenario(), { version: 'test', createPool: failing })).rejects.toThrow(
      'no devices today',
    );
    // The controllers were closed by their teardown: the broker sees every client go (a leak hangs here).
    while (broker.aedes.connectedClients > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(broker.aedes.connectedClients).toBe(0);
  }, 30_000);

  it("the default pool runs the devices in their own thread and the run checks every answer; a pool's own lag is noted", async () => {
    const short = resolveScenario(
      {
        broker: { url: broker.url },
        idPrefix: 'thread-',
        fleet: [{ type: 'bulb', count: 4 }],
        stages: [{ rampUp: '100/s' }, { hold: '1s' }],
        requests: { rate: '20/s' },
        settle: '200ms',
      },
      'test',
    );
    let threadPool: DevicePool | undefined;
    const watched: CreatePool = (devices, options) => {
      threadPool = createWorkerPool(devices, options);
      return threadPool;
    };
    const threaded = await runLoad(short, { version: 'test', createPool: watched });
    // The thread reports its own garbage collection over the load, beside its loop's delay.
    const gc = threadPool?.lag?.()?.gc;
    expect(gc).toBeDefined();
    expect(gc?.longestMs).toBeLessThanOrEqual(gc?.totalMs ?? -1);
    expect(gc?.pauses === 0).toBe(gc?.totalMs === 0);
    expect(threaded.counters.rpc.sent).toBeGreaterThan(0);
    expect(threaded.counters.rpc.answered).toBe(threaded.counters.rpc.sent);
    expect(threaded.counters.rpc.wrong).toBe(0);
    const lagging: CreatePool = (devices, options) => {
      const inner = createSimulatedPool(devices, options);
      return {
        connect: (slot) => inner.connect(slot),
        disconnect: (slot) => inner.disconnect(slot),
        publishByItself: (...args) => inner.publishByItself(...args),
        stop: () => inner.stop(),
        lag: () => ({ worstMs: 250.4, p99Ms: 120 }),
      };
    };
    const noted = await runLoad(short, { version: 'test', createPool: lagging });
    expect(noted.notes).toContain(
      "The simulated devices' thread was short of CPU: its event loop ran up to 250 ms late (p99 120 ms), so answers and telemetry may include delays of that order: the cloud can only look slower for it, never faster. Use more shards or fewer devices per shard.",
    );
  }, 60_000);
});

describe('what the note says caused the device thread to fall behind', () => {
  it('names the collector when a pause explains the stall, the CPU otherwise, and only the CPU without a GC record', () => {
    expect(
      deviceLagNote({ worstMs: 3691, p99Ms: 296, gc: { pauses: 40, longestMs: 3500, totalMs: 3900 } }),
    ).toMatch(
      /^The simulated devices' thread was held up by its own garbage collector: its event loop ran up to 3691 ms late \(p99 296 ms\), and a collection paused it for 3500 ms \(40 pause\(s\), 3900 ms in all\)\./,
    );
    expect(
      deviceLagNote({ worstMs: 3691, p99Ms: 296, gc: { pauses: 40, longestMs: 80, totalMs: 900 } }),
    ).toMatch(
      /^The simulated devices' thread was short of CPU: its event loop ran up to 3691 ms late \(p99 296 ms\), of which garbage collection explains at most 80 ms \(40 pause\(s\), 900 ms in all\); the rest was the thread waiting for a core\./,
    );
    expect(deviceLagNote({ worstMs: 250.4, p99Ms: 120 })).toMatch(
      /^The simulated devices' thread was short of CPU: its event loop ran up to 250 ms late/,
    );
  });
});

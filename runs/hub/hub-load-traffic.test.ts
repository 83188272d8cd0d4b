import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppReceipts, HubLive, PlannedCommand } from '../../load/hub/index.js';
import { silentLogger } from '../../src/log/index.js';
import { driveTraffic } from './hub-load-traffic.js';
import type { LoadFleet } from './load-fleet.js';

/** An app connection whose hub answers each command `answerAfterMs` after it was sent. */
class SlowHubSocket extends EventEmitter {
  readonly readyState = WebSocket.OPEN;
  readonly frames: string[] = [];
  constructor(
    private readonly outcomes: { answers: number }[],
    private readonly answerAfterMs: number,
  ) {
    super();
  }
  send(frame: string): void {
    const k = this.frames.push(frame) - 1;
    setTimeout(() => {
      (this.outcomes[k] as { answers: number }).answers++;
      this.emit('message', '{}');
    }, this.answerAfterMs);
  }
}

describe('driveTraffic', () => {
  it('sends the whole schedule: commands a full in-flight window still holds when the schedule ends leave as slots free', async () => {
    const count = 6;
    const t0 = performance.now();
    const commands = Array.from(
      { length: count },
      (_, k): PlannedCommand =>
        ({
          index: k,
          intendedMs: t0,
          connection: 0,
          appId: k,
          kind: 'get',
          frame: `frame-${k}`,
        }) as PlannedCommand,
    );
    const outcomes = commands.map(() => ({ sentMs: 0, answers: 0 }));
    // Slower than the schedule is long: at its end four commands wait behind a window of two.
    const socket = new SlowHubSocket(outcomes, 30);
    const live = { sentByKind: { get: 0, set: 0, action: 0 } };
    const figures = await driveTraffic(
      {
        commands,
        telemetry: [],
        flaps: [],
        t0,
        endAt: t0 + 5,
        offlineMs: 0,
        inFlight: 2,
        answerByMs: 60_000,
      },
      {
        sockets: [socket as unknown as WebSocket],
        fleet: {} as LoadFleet,
        receipts: { outcomes } as unknown as AppReceipts,
        live: live as unknown as HubLive,
        logger: silentLogger(),
      },
    );
    expect(socket.frames).toEqual(commands.map((c) => c.frame));
    expect(live.sentByKind.get).toBe(count);
    expect(figures.late).toBeLessThanOrEqual(count);
  });
});

/**
 * Shared budgets of the reference hub that one app must not exhaust for the others
 * (limits.ts): commands pending per token (-4013 past a token's share, so another app's
 * commands are still forwarded and answered, section 8), and unsent output across all
 * connections (the slowest readers are dropped, the others are served).
 */
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { silentLogger } from '../../src/log/logger.js';
import { AppConnection } from './app-connection.js';
import type { DeviceLink } from './device-link.js';
import { DeviceDirectory } from './directory.js';
import { NO_HUB_FAULTS } from './faults/types.js';
import { Forwarder } from './forwarder.js';
import type { Grant } from './grants.js';
import { OutputBudget } from './output-budget.js';

const grantOf = (name: string): Grant => ({ name, devices: '*', covers: () => true });

function fakeSocket(bufferedAmount = 0) {
  const socket = {
    readyState: 1,
    bufferedAmount,
    sent: [] as string[],
    terminated: false,
    send(text: string) {
      socket.sent.push(text);
      socket.bufferedAmount += text.length;
    },
    terminate() {
      socket.terminated = true;
      socket.readyState = 3;
    },
  };
  return socket;
}

function connection(grant: Grant, serial: number, socket = fakeSocket(), onBacklog?: () => void) {
  return new AppConnection(
    socket as unknown as WebSocket,
    grant,
    serial,
    { maxInFlight: 1_000_000, maxBufferedBytes: 1 << 30 },
    silentLogger(),
    onBacklog === undefined ? {} : { onBacklog },
  );
}

describe('pending commands per token', () => {
  it("one token filling its share gets -4013; another token's commands are still forwarded", () => {
    const directory = new DeviceDirectory({ wsDeviceIds: [], namedDeviceIds: ['dev-0001'] });
    directory.online('dev-0001', 'mqtt', 'm');
    const frames: string[] = [];
    const link: DeviceLink = { send: (_id, frame) => frames.push(frame) > 0, close: async () => {} };
    const forwarder = new Forwarder({
      directory,
      linkFor: () => link,
      deadlineMs: 60_000,
      seed: 3,
      maxPending: 10,
      maxPendingPerToken: 4,
      faults: NO_HUB_FAULTS,
      siblingOf: () => undefined,
      logger: silentLogger(),
    });
    const a = grantOf('app#0');
    const b = grantOf('app#1');
    const aSocket = fakeSocket();
    const bSocket = fakeSocket();
    const [a1, a2, b1] = [connection(a, 1, aSocket), connection(a, 2, aSocket), connection(b, 3, bSocket)];
    const send = (c: AppConnection, appId: number) => {
      c.begin();
      forwarder.forward({
        connection: c,
        appId,
        deviceId: 'dev-0001',
        method: 'get_properties',
        paramsText: '[]',
      });
    };
    // Token A floods from two connections: the table would hold all 10 without a per-token share.
    for (let i = 1; i <= 10; i++) send(i % 2 === 0 ? a1 : a2, i);
    expect(forwarder.pendingOf(a)).toBe(4);
    const busy = aSocket.sent.map((t) => JSON.parse(t)).filter((f) => f.error?.code === -4013);
    expect(busy).toHaveLength(6);
    expect(busy[0].error.message).toMatch(/this app token/);
    send(b1, 1);
    expect(bSocket.sent).toEqual([]);
    expect(frames).toHaveLength(5);
    // B's command is answered like any other.
    const bFrame = JSON.parse(frames[4]!) as { id: number };
    forwarder.answer('dev-0001', bFrame.id, { kind: 'result', text: '[{"code":0}]' });
    expect(bSocket.sent.map((t) => JSON.parse(t))).toEqual([{ id: 1, result: [{ code: 0 }] }]);
    // A's answered commands free its share again.
    const aFrame = JSON.parse(frames[0]!) as { id: number };
    forwarder.answer('dev-0001', aFrame.id, { kind: 'result', text: '[]' });
    expect(forwarder.pendingOf(a)).toBe(3);
    forwarder.close();
  });
});

describe('output budget across connections', () => {
  it('drops the slowest readers until the total fits; connections that read are kept', () => {
    const all: AppConnection[] = [];
    const budget = new OutputBudget(() => all, 1_000_000);
    const check = () => budget.check();
    const g = grantOf('app#0');
    const sockets = [0, 1, 2, 3].map(() => fakeSocket());
    for (const [i, s] of sockets.entries()) all.push(connection(g, i + 1, s, check));
    // Three never read; one reads everything (its queue stays empty).
    const notification = `"${'x'.repeat(100_000)}"`;
    for (let round = 0; round < 8; round++) {
      for (const c of all) c.notify('device.event_occurred', notification);
      sockets[3]!.bufferedAmount = 0;
    }
    const total = sockets.reduce((n, s) => n + (s.terminated ? 0 : s.bufferedAmount), 0);
    expect(total).toBeLessThanOrEqual(1_000_000);
    expect(sockets.slice(0, 3).filter((s) => s.terminated).length).toBeGreaterThanOrEqual(1);
    expect(sockets[3]!.terminated).toBe(false);
  });
});

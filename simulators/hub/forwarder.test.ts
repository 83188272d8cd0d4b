/**
 * The forwarder's pending table (EDP-HUB-1, EDP-HUB-2) with a fake link and fake timers: one
 * response per command whatever races (answer, deadline, offline), late answers dropped, fresh
 * ids never repeated per device, frames sent in arrival order with params verbatim.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { silentLogger } from '../../src/log/logger.js';
import { AppConnection } from './app-connection.js';
import type { DeviceLink } from './device-link.js';
import { DeviceDirectory } from './directory.js';
import { NO_HUB_FAULTS } from './faults/types.js';
import { Forwarder } from './forwarder.js';
import type { Grant } from './grants.js';

const grant: Grant = { name: 'app#0', devices: '*', covers: () => true };

function fakeConnection() {
  const sent: string[] = [];
  const socket = {
    readyState: 1,
    bufferedAmount: 0,
    send: (text: string) => sent.push(text),
  } as unknown as WebSocket;
  const connection = new AppConnection(
    socket,
    grant,
    1,
    { maxInFlight: 1_000, maxBufferedBytes: 1 << 20 },
    silentLogger(),
  );
  return { connection, sent: () => sent.map((t) => JSON.parse(t) as Record<string, unknown>) };
}

function setup(deadlineMs = 1_000) {
  const directory = new DeviceDirectory({ wsDeviceIds: [], namedDeviceIds: ['dev-0001'] });
  directory.online('dev-0001', 'mqtt', 'm');
  const frames: string[] = [];
  const link: DeviceLink = { send: (_id, frame) => frames.push(frame) > 0, close: async () => {} };
  const forwarder = new Forwarder({
    directory,
    linkFor: () => link,
    deadlineMs,
    seed: 5,
    maxPending: 10_000,
    faults: NO_HUB_FAULTS,
    siblingOf: () => undefined,
    logger: silentLogger(),
  });
  const app = fakeConnection();
  const command = (appId: number, paramsText = '[]') => {
    app.connection.begin();
    forwarder.forward({
      connection: app.connection,
      appId,
      deviceId: 'dev-0001',
      method: 'get_properties',
      paramsText,
    });
  };
  const idOf = (k: number) => (JSON.parse(frames[k]!) as { id: number }).id;
  return { directory, forwarder, frames, app, command, idOf };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Forwarder', () => {
  it('sends params verbatim under a fresh id and answers under the app id', () => {
    const { forwarder, frames, app, command, idOf } = setup();
    command(7, '[{"siid":2,"piid":1.0}]');
    expect(frames[0]).toBe(`{"id":${idOf(0)},"method":"get_properties","params":[{"siid":2,"piid":1.0}]}`);
    forwarder.answer('dev-0001', idOf(0), { kind: 'result', text: '[{"code":0}]' });
    expect(app.sent()).toEqual([{ id: 7, result: [{ code: 0 }] }]);
    expect(app.connection.inFlight).toBe(0);
  });

  it('answers -4011 at the deadline and drops the late answer', () => {
    const { forwarder, app, command, idOf } = setup(1_000);
    command(1);
    vi.advanceTimersByTime(999);
    expect(app.sent()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(app.sent()).toEqual([{ id: 1, error: { code: -4011, message: 'device did not answer in time' } }]);
    forwarder.answer('dev-0001', idOf(0), { kind: 'result', text: '1' });
    expect(app.sent()).toHaveLength(1);
  });

  it('answers -4010 without forwarding to an offline device, and at once to commands in flight when it goes offline', () => {
    const { directory, forwarder, frames, app, command } = setup();
    command(1);
    directory.offline('dev-0001', 'mqtt');
    forwarder.deviceOffline('dev-0001');
    command(2);
    vi.advanceTimersByTime(5_000);
    expect(frames).toHaveLength(1);
    expect(app.sent().map((r) => [r.id, (r.error as { code: number }).code])).toEqual([
      [1, -4010],
      [2, -4010],
    ]);
  });

  it('gives every command exactly one response whatever the order of answers, deadlines and going offline', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('command', 'answer-first', 'answer-last', 'tick', 'offline', 'online'), {
          maxLength: 40,
        }),
        (steps) => {
          const { directory, forwarder, frames, app, command, idOf } = setup(1_000);
          let next = 1;
          for (const step of steps) {
            if (step === 'command') command(next++);
            else if (step === 'tick') vi.advanceTimersByTime(400);
            else if (step === 'offline') {
              directory.offline('dev-0001', 'mqtt');
              forwarder.deviceOffline('dev-0001');
            } else if (step === 'online') directory.online('dev-0001', 'mqtt', 'm');
            else if (frames.length > 0)
              forwarder.answer('dev-0001', idOf(step === 'answer-first' ? 0 : frames.length - 1), {
                kind: 'result',
                text: '0',
              });
          }
          vi.advanceTimersByTime(2_000);
          const ids = app.sent().map((r) => r.id);
          expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual(
            [...Array(next - 1).keys()].map((k) => k + 1),
          );
          const deviceIds = frames.map((_, k) => idOf(k));
          expect(new Set(deviceIds).size).toBe(deviceIds.length);
          expect(forwarder.pending).toBe(0);
        },
      ),
    );
  });

  it('never repeats a device request id over many commands', () => {
    const { forwarder, frames, command, idOf } = setup();
    for (let k = 1; k <= 5_000; k++) {
      command(k);
      forwarder.answer('dev-0001', idOf(k - 1), { kind: 'result', text: '0' });
    }
    const ids = frames.map((_, k) => idOf(k));
    expect(new Set(ids).size).toBe(5_000);
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(1);
    for (const id of ids) expect(id).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

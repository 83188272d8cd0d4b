/** An app connection's bounds: the in-flight limit (then -4013) and dropping a reader that lets output pile up. */

import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { silentLogger } from '../../src/log/logger.js';
import { AppConnection } from './app-connection.js';
import type { Grant } from './grants.js';

const grant: Grant = { name: 'app#0', devices: '*', covers: () => true };

function fake(bufferedAmount = 0) {
  const socket = { readyState: 1, bufferedAmount, sent: [] as string[], terminated: false } as {
    readyState: number;
    bufferedAmount: number;
    sent: string[];
    terminated: boolean;
    send?: (t: string) => void;
    terminate?: () => void;
  };
  socket.send = (text) => socket.sent.push(text);
  socket.terminate = () => {
    socket.terminated = true;
    socket.readyState = 3;
  };
  const connection = new AppConnection(
    socket as unknown as WebSocket,
    grant,
    1,
    { maxInFlight: 2, maxBufferedBytes: 1_000 },
    silentLogger(),
  );
  return { socket, connection };
}

describe('AppConnection', () => {
  it('takes requests up to its in-flight limit and frees a slot per response', () => {
    const { connection } = fake();
    expect(connection.begin()).toBe(true);
    expect(connection.begin()).toBe(true);
    expect(connection.begin()).toBe(false);
    connection.answer(1, 'result', '{}');
    expect(connection.begin()).toBe(true);
  });

  it('drops a connection whose unsent output passes the limit instead of queueing more', () => {
    const { socket, connection } = fake(5_000);
    connection.notify('device.presence', '{"deviceId":"a-01","online":true}');
    expect(socket.terminated).toBe(true);
    expect(socket.sent).toEqual([]);
    connection.notify('device.presence', '{"deviceId":"a-01","online":false}');
    expect(socket.sent).toEqual([]);
  });

  it('writes responses and notifications as one JSON text each', () => {
    const { socket, connection } = fake();
    connection.begin();
    connection.answer(3, 'error', '{"code":-1,"message":"m"}');
    connection.refuse(null, { code: -32600, message: 'x' });
    connection.notify('device.presence', '{"deviceId":"a-01","online":true}');
    expect(socket.sent.map((t) => JSON.parse(t))).toEqual([
      { id: 3, error: { code: -1, message: 'm' } },
      { id: null, error: { code: -32600, message: 'x' } },
      { method: 'device.presence', params: { deviceId: 'a-01', online: true } },
    ]);
  });
});

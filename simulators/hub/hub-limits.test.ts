/**
 * The reference hub as a server facing apps it does not trust (limits.ts; docs/simulators.md,
 * "Reference hub limits"), with a real app server, small limits and the hub's clock in the
 * test's hand: one token cannot hold every connection slot; idle and non-reading connections
 * are closed; TCP connections that never finish their upgrade are bounded in number and time;
 * wrong tokens still get 401 (EDP-HUB-5) but past a budget late, and with one summary log line.
 */
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { HubConfig } from '../../src/hub/hub-config.js';
import { createLogger } from '../../src/log/logger.js';
import { DEFAULT_HUB_LIMITS, type HubLimits, type RunningHub, startHub } from './hub.js';

const CONFIG: HubConfig = {
  listen: '127.0.0.1:0',
  deadline_ms: 2000,
  apps: [
    { token: 'app-a', devices: ['bulb-0001'] },
    { token: 'app-b', devices: '*' },
  ],
};

let hub: RunningHub | undefined;
const opened: (WebSocket | Socket)[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) s instanceof WebSocket ? s.terminate() : s.destroy();
  await hub?.close();
  hub = undefined;
});

function logLines() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'warn', destination }) };
}

async function start(
  limits: Partial<HubLimits>,
  extra: { now?: () => number; logger?: ReturnType<typeof createLogger> } = {},
) {
  hub = await startHub({ config: CONFIG, seed: 1, limits: { ...DEFAULT_HUB_LIMITS, ...limits }, ...extra });
  return hub;
}

/** An app's WebSocket: resolves open, or rejects with the HTTP status of a refused upgrade. */
function app(url: string, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    opened.push(socket);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`HTTP ${response.statusCode}`)),
    );
    socket.once('error', reject);
  });
}

function request(
  socket: WebSocket,
  id: number,
  method: string,
  params?: unknown,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(String(data));
      if (frame.id !== id) return;
      socket.off('message', onMessage);
      resolve(frame);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify(params === undefined ? { id, method } : { id, method, params }));
  });
}

const closed = (socket: WebSocket) =>
  socket.readyState === WebSocket.CLOSED
    ? Promise.resolve(-1)
    : new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

/** A raw TCP connection to the hub's port that sends `text` (or nothing) and never reads. */
function rawSocket(port: number, text = ''): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      if (text !== '') socket.write(text);
      resolve(socket);
    });
    socket.on('error', () => {});
    opened.push(socket);
  });
}
const socketClosed = (socket: Socket) =>
  socket.destroyed || socket.closed
    ? Promise.resolve()
    : new Promise<void>((r) => socket.once('close', () => r()));

describe('reference hub limits', () => {
  it('one token holds at most its share of connections (503 past it); another token still gets in', async () => {
    const { url } = await start({ maxConnectionsPerToken: 2 });
    await app(url, 'app-a');
    await app(url, 'app-a');
    await expect(app(url, 'app-a')).rejects.toThrow('HTTP 503');
    const b = await app(url, 'app-b');
    expect((await request(b, 1, 'devices.list')).result).toBeDefined();
  });

  it('closes a connection that never asked anything, keeps one that asks and one that listens', async () => {
    let now = 1_000_000;
    const { url } = await start({ idleTimeoutMs: 60_000, pingIntervalMs: 10_000_000 }, { now: () => now });
    const silent = await app(url, 'app-a');
    const asking = await app(url, 'app-a');
    const listening = await app(url, 'app-b');
    expect((await request(listening, 1, 'subscribe', { deviceIds: '*' })).result).toEqual({});
    now += 59_999;
    expect((await request(asking, 1, 'devices.list')).result).toBeDefined();
    now += 1;
    hub!.sweep();
    expect(await closed(silent)).toBe(1001);
    expect(asking.readyState).toBe(WebSocket.OPEN);
    expect(listening.readyState).toBe(WebSocket.OPEN);
    expect((await request(asking, 2, 'devices.list')).result).toBeDefined();
  });

  it('drops a connection that does not answer pings (it does not read); one that reads stays', async () => {
    let now = 1_000_000;
    const { url, port } = await start(
      { idleTimeoutMs: 10_000_000, pingIntervalMs: 30_000 },
      { now: () => now },
    );
    const reader = await app(url, 'app-b');
    expect((await request(reader, 1, 'subscribe', { deviceIds: '*' })).result).toEqual({});
    // An app that upgrades by hand, reads the 101, and then never reads a byte (nor answers a ping).
    const deaf = await rawSocket(
      port,
      'GET /edp/1/hub HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer app-a\r\n\r\n',
    );
    await new Promise<void>((resolve) =>
      deaf.once('data', (chunk) => {
        expect(String(chunk)).toMatch(/^HTTP\/1\.1 101/);
        resolve();
      }),
    );
    deaf.pause();
    const pinged = new Promise((resolve) => reader.once('ping', resolve));
    now += 30_000;
    hub!.sweep();
    await pinged;
    // The reader's automatic pong went out before this request, on the same stream.
    expect((await request(reader, 2, 'devices.list')).result).toBeDefined();
    now += 30_000;
    hub!.sweep();
    // Reading again only to see the end the hub gave it (a paused socket does not see its close).
    deaf.resume();
    await socketClosed(deaf);
    expect(reader.readyState).toBe(WebSocket.OPEN);
    expect((await request(reader, 3, 'devices.list')).result).toBeDefined();
  });

  it('bounds TCP connections that never finish an upgrade: past the cap a new one is closed at once', async () => {
    const { url, port } = await start({
      maxPendingUpgrades: 3,
      maxPendingUpgradesPerAddress: 3,
      upgradeTimeoutMs: 600_000,
    });
    const held = [
      await rawSocket(port),
      await rawSocket(port),
      await rawSocket(port, 'GET /edp/1/hub HTTP/1.1\r\n'),
    ];
    const extra = await rawSocket(port);
    await socketClosed(extra);
    for (const s of held) expect(s.destroyed).toBe(false);
    for (const s of held) s.destroy();
    await Promise.all(held.map(socketClosed));
    // Freed: an app gets in again (the hub may see the closes a moment later: try until it does).
    let b: WebSocket | undefined;
    while (b === undefined) b = await app(url, 'app-b').catch(() => undefined);
    expect((await request(b, 1, 'devices.list')).result).toBeDefined();
  });

  it('closes a connection that has not sent a whole upgrade request within the upgrade timeout', async () => {
    const { port } = await start({ upgradeTimeoutMs: 100 });
    const silent = await rawSocket(port);
    const half = await rawSocket(port, 'GET /edp/1/hub HTTP/1.1\r\nHost: x\r\n');
    await Promise.all([socketClosed(silent), socketClosed(half)]);
  });

  it('wrong tokens: every one gets 401, but past the budget without a log line each; one summary per window', async () => {
    let now = 1_000_000;
    const { lines, logger } = logLines();
    const { url } = await start(
      { wrongTokensPerWindow: 5, wrongTokenWindowMs: 10_000, wrongTokenDelayMs: 1 },
      { now: () => now, logger },
    );
    for (let i = 0; i < 30; i++) await expect(app(url, `guess-${i}`)).rejects.toThrow('HTTP 401');
    const single = () => lines.filter((l) => l.msg === 'refused an app without a known bearer token');
    expect(single().length).toBe(5);
    now += 10_000;
    hub!.sweep();
    const summaries = lines.filter((l) => String(l.msg).startsWith('refused many apps'));
    expect(summaries).toEqual([expect.objectContaining({ refused: 30, unlogged: 25 })]);
    // A new window logs again; a known token was never affected.
    await expect(app(url, 'guess-again')).rejects.toThrow('HTTP 401');
    expect(single().length).toBe(6);
    const b = await app(url, 'app-b');
    expect((await request(b, 1, 'devices.list')).result).toBeDefined();
  });
});

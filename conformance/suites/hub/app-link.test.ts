import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { AppLink, HubUnreachableError, MAX_APP_FRAME_BYTES, MAX_FRAMES_PER_CONNECTION } from './app-link.js';
import type { AppFrame } from './hub-run-record.js';

let server: WebSocketServer | undefined;
afterEach(async () => {
  for (const c of server?.clients ?? []) c.terminate();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function hub(
  onConnection: (send: (text: string) => void, auth: string | undefined) => void,
): Promise<string> {
  server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: (info, done) =>
      info.req.headers.authorization === 'Bearer good' ? done(true) : done(false, 401),
  });
  server.on('connection', (socket, req) => onConnection((t) => socket.send(t), req.headers.authorization));
  await once(server, 'listening');
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/edp/1/hub`;
}

const connect = (url: string, frames: AppFrame[], token = 'good') =>
  AppLink.connect({
    url,
    name: 'app-a#1',
    app: 'app-a',
    token,
    now: () => performance.now(),
    onFrame: (f) => frames.push(f),
  });

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('AppLink', () => {
  it('numbers requests 1, 2, 3… and sends the bearer token', async () => {
    const seen: string[] = [];
    let auth: string | undefined;
    const url = await hub((_send, a) => {
      auth = a;
    });
    server?.on('connection', (socket) => socket.on('message', (m) => seen.push(String(m))));
    const link = await connect(url, []);
    const ids = [1, 2, 3].map(() => link.request('devices.list', {}).id);
    expect(ids).toEqual([1, 2, 3]);
    await until(() => seen.length >= 3);
    expect(seen.map((t) => JSON.parse(t).id)).toEqual([1, 2, 3]);
    expect(auth).toBe('Bearer good');
    await link.close();
  });

  it('keeps only the first frames of a hub that floods the connection, counts what came past them, and reads no further', async () => {
    // 20 MB: far more than the kernel's buffers between the two ends hold, so a link that stopped
    // reading can never have received it all.
    const total = 20_000;
    const filler = 'x'.repeat(1_000);
    const url = await hub((send) => {
      for (let i = 0; i < total; i++)
        send(JSON.stringify({ method: 'device.presence', params: { i, filler } }));
    });
    const frames: AppFrame[] = [];
    const link = await connect(url, frames);
    await until(() => link.record().droppedFrames >= 1);
    expect(frames.length).toBe(MAX_FRAMES_PER_CONNECTION);
    expect(link.record().droppedFrames).toBeGreaterThanOrEqual(1);
    // A link that read on would have every frame by now or soon; this one stopped at the limit.
    await until(() => frames.length + link.record().droppedFrames === total);
    expect(frames.length + link.record().droppedFrames).toBeLessThan(total);
    await link.close();
  });

  it('keeps JSON nested too deep, and text that is not JSON, as raw text', async () => {
    const url = await hub((send) => {
      send(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
      send('not json');
    });
    const frames: AppFrame[] = [];
    const link = await connect(url, frames);
    await until(() => frames.length >= 2);
    expect(frames.map((f) => f.message)).toEqual([undefined, undefined]);
    expect(frames[1]?.raw).toBe('not json');
    expect((frames[0]?.raw ?? '').length).toBeLessThanOrEqual(2_000);
    await link.close();
  });

  it('a frame over the limit closes the connection, which the record shows', async () => {
    const url = await hub((send) => send('x'.repeat(MAX_APP_FRAME_BYTES + 1)));
    const link = await connect(url, []);
    await until(() => link.record().closedAtMs !== undefined);
    expect(link.record().closedAtMs).toBeTypeOf('number');
  });

  it('a refused token is a setup error naming the token, not a hang', async () => {
    const url = await hub(() => {});
    await expect(connect(url, [], 'bad')).rejects.toBeInstanceOf(HubUnreachableError);
  });
});

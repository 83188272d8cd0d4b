// A hub that goes bad once certification starts, for item 7 of issue 10: MODE --config FILE.
// It keeps section 8's configuration contract (reads FILE, serves ws://LISTEN/edp/1/hub with
// the configured tokens, prints EDP-HUB READY, exits on SIGTERM) by running the reference hub
// behind it on a port of its own and relaying app connections to it. The first app connection
// (fleetcert's "hub sees the fleet" check) is relayed faithfully; from the second on, MODE:
//   flood    relays, and floods the connection with notifications no device sent (the pump writes
//            while the socket takes it at once: while fleetcert reads as fast, this process answers
//            nothing else, a new connection's upgrade included, for up to seconds)
//   flood-then-refuse  floods the second connection as flood does, and resets every later one
//            before the upgrade: a hub that stops serving apps after its flood, every time
//   garbage  relays requests, but answers with text that is not a response (not JSON, arrays, binary)
//   mute     accepts the connection and never answers anything
//   hang     accepts the TCP connection and never completes the WebSocket upgrade
//   exit     exits (code 9) on the connection's first request
//   deflate  offers permessage-deflate and, from the FIRST connection on, answers every devices.list
//            with 90 MiB (a device id of one repeated letter: about 90 KB when compressed), as the
//            review's hub did; other requests are relayed
//   deep     relays, and on the first notification it relays on a connection, sends that
//            device one notification nested 100,000 deep and 800 of 512 KiB each
//   big      as deep, without the deep one
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';

const [mode, flag, file] = process.argv.slice(2);
if (
  flag !== '--config' ||
  !['flood', 'flood-then-refuse', 'garbage', 'mute', 'hang', 'exit', 'deflate', 'deep', 'big'].includes(mode)
) {
  console.error(
    `usage: misbehaving-hub.mjs flood|flood-then-refuse|garbage|mute|hang|exit|deflate|deep|big --config FILE (got ${process.argv.slice(2).join(' ')})`,
  );
  process.exit(64);
}
const config = JSON.parse(readFileSync(file, 'utf8'));
const [host, port] = config.listen.split(':');
const tokens = new Set(config.apps.map((a) => a.token));

const innerPort = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = probe.address();
    probe.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'misbehaving-hub-'));
const innerConfig = join(dir, 'inner.json');
writeFileSync(innerConfig, JSON.stringify({ ...config, listen: `127.0.0.1:${innerPort}` }), { mode: 0o600 });
const bin = fileURLToPath(new URL('../../../bin/fleetcert.js', import.meta.url));
const inner = spawn(process.execPath, [bin, 'hub', '--config', innerConfig, '--log-level', 'warn'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const stop = (code) => {
  inner.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exit(code);
};
process.on('SIGTERM', () => stop(0));
inner.on('exit', (code) => {
  console.error(`the reference hub behind me exited (${code})`);
  stop(3);
});
await new Promise((resolve) => {
  let seen = '';
  inner.stdout.on('data', (chunk) => {
    seen += chunk;
    if (seen.includes('EDP-HUB READY')) resolve();
  });
});

let connections = 0;
const server = new WebSocketServer({
  noServer: true,
  maxPayload: 1024 * 1024,
  perMessageDeflate: mode === 'deflate' ? { threshold: 0 } : false,
});
const INFLATING_TAIL =
  mode === 'deflate' ? `,"result":[{"deviceId":"${'x'.repeat(90 * 1024 * 1024)}","online":true}]}` : '';
const http = (await import('node:http')).createServer();
http.on('upgrade', (req, socket, head) => {
  const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
  if (req.url !== '/edp/1/hub' || !tokens.has(token)) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  const n = ++connections;
  if (n > 1 && mode === 'hang') return; // the socket stays open, the upgrade never answered
  if (n > 2 && mode === 'flood-then-refuse') {
    socket.destroy();
    return;
  }
  server.handleUpgrade(req, socket, head, (app) => serve(app, token, n));
});
http.listen(Number(port), host, () =>
  console.log(`EDP-HUB READY ws://${config.listen}/edp/1/hub (misbehaving: ${mode})`),
);

function serve(app, token, n) {
  app.on('error', () => {});
  const bad = n > 1;
  if (bad && mode === 'mute') return;
  const upstream = new WebSocket(`ws://127.0.0.1:${innerPort}/edp/1/hub`, {
    headers: { authorization: `Bearer ${token}` },
  });
  upstream.on('error', () => app.terminate());
  const pending = [];
  upstream.on('open', () => {
    for (const m of pending.splice(0)) upstream.send(m);
  });
  app.on('message', (data) => {
    const text = data.toString('utf8');
    if (mode === 'deflate' && text.includes('"devices.list"')) {
      const { id } = JSON.parse(text);
      app.send(`{"jsonrpc":"2.0","id":${JSON.stringify(id)}${INFLATING_TAIL}`);
      return;
    }
    if (bad && mode === 'exit') {
      console.error('hub crashed');
      stop(9);
    }
    if (upstream.readyState === WebSocket.OPEN) upstream.send(text);
    else pending.push(text);
  });
  let garbage = 0;
  let deepSent = false;
  upstream.on('message', (data) => {
    const text = data.toString('utf8');
    if ((mode === 'deep' || mode === 'big') && !deepSent && text.includes('"device.properties_changed"')) {
      deepSent = true;
      sendHostileNotifications(app, JSON.parse(text).params.deviceId);
    }
    if (bad && mode === 'garbage' && text.includes('"id"')) {
      const kinds = ['{"jsonrpc":"2.0","id":', '[1,2,3]', 'not json at all', Buffer.from([0xff, 0x00, 0xfe])];
      const g = kinds[garbage++ % kinds.length];
      app.send(g, { binary: Buffer.isBuffer(g) });
      return;
    }
    app.send(text);
  });
  app.on('close', () => upstream.close());
  upstream.on('close', () => app.close());
  if (bad && (mode === 'flood' || mode === 'flood-then-refuse')) {
    const frame = JSON.stringify({
      method: 'device.properties_changed',
      params: { deviceId: 'flood-0001', items: [{ siid: 1, piid: 1, value: 'x'.repeat(200) }] },
    });
    const pump = () => {
      if (app.readyState !== WebSocket.OPEN) return;
      while (app.bufferedAmount < 1024 * 1024) app.send(frame);
      setTimeout(pump, 1);
    };
    pump();
  }
}

/** One notification nested 100,000 deep (mode deep), then 800 of 512 KiB, paced by the socket's buffer. */
function sendHostileNotifications(app, deviceId) {
  const depth = 100_000;
  const notification = (items) =>
    `{"jsonrpc":"2.0","method":"device.properties_changed","params":{"deviceId":${JSON.stringify(deviceId)},"items":${items}}}`;
  if (mode === 'deep') app.send(notification(`${'['.repeat(depth)}${']'.repeat(depth)}`));
  let left = 800;
  const pump = () => {
    while (left > 0 && app.readyState === WebSocket.OPEN && app.bufferedAmount < 8 * 1024 * 1024) {
      app.send(notification(`[{"siid":1,"piid":1,"value":"${String(left).padEnd(512 * 1024, 'x')}"}]`));
      left--;
    }
    if (left > 0 && app.readyState === WebSocket.OPEN) setTimeout(pump, 5);
  };
  pump();
}

// Memory of the reference hub against apps that never read (docs/simulators.md, "The reference hub"): RSS of
// `fleetcert hub` from CHECKOUT with N app connections that subscribe to "*" and never read, while a WebSocket device
// floods notifications (EVERY_MS between bursts of ten 8 KB notifications, default 5; the docs used 20).
// Usage: node bench/hub-hostile-apps.mjs CHECKOUT N SECONDS   (compare two checkouts: before and after a change)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const { WebSocketServer, WebSocket } = require('ws');

const [checkout, nText, secondsText] = process.argv.slice(2);
const N = Number(nText),
  SECONDS = Number(secondsText);
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const device = new WebSocketServer({
  port: 0,
  host: '127.0.0.1',
  maxPayload: 1 << 20,
  perMessageDeflate: false,
});
await new Promise((r) => device.once('listening', r));
const payload = 'x'.repeat(8_000);
device.on('connection', (ws) => {
  ws.send(JSON.stringify({ method: 'hello', params: { deviceId: 'tv-0001', model: 'fleetcert.tv.v1' } }));
  const timer = setInterval(
    () => {
      for (let i = 0; i < 10; i++)
        ws.send(
          JSON.stringify({ method: 'properties_changed', params: [{ siid: 2, piid: 1, value: payload }] }),
        );
    },
    Number(process.env.EVERY_MS ?? 5),
  );
  ws.on('close', () => clearInterval(timer));
});
const drops = [];
const port = 20000 + Math.floor(Math.random() * 20000);
const dir = mkdtempSync(join(tmpdir(), 'measure-hub-'));
const config = join(dir, 'hub.json');
writeFileSync(
  config,
  JSON.stringify({
    listen: `127.0.0.1:${port}`,
    deadline_ms: 2000,
    ws_devices: [{ deviceId: 'tv-0001', url: `ws://127.0.0.1:${device.address().port}/edp/1`, token: 't' }],
    apps: [{ token: 'app-a', devices: '*' }],
  }),
);
const hub = spawn(
  process.execPath,
  [
    join(checkout, 'bin/fleetcert.js'),
    'hub',
    '--config',
    config,
    '--log-level',
    process.env.HUB_LOG ?? 'error',
    ...(process.env.HUB_ARGS ? process.env.HUB_ARGS.split(' ') : []),
  ],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
hub.stderr.on('data', (d) => {
  for (const l of String(d).split('\n')) if (l.includes('dropping')) drops.push(JSON.parse(l).msg);
});
await new Promise((r) => hub.stdout.on('data', (d) => String(d).includes('EDP-HUB READY') && r()));
await new Promise((r) => setTimeout(r, 2000));
const base = rss(hub.pid);
const apps = [];
for (let i = 0; i < N; i++) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/edp/1/hub`, {
    headers: { authorization: 'Bearer app-a' },
    maxPayload: 1 << 20,
    perMessageDeflate: false,
  });
  ws.on('error', () => {});
  await new Promise((r) => {
    ws.once('open', r);
    ws.once('close', r);
  });
  if (ws.readyState === 1) {
    ws.send(JSON.stringify({ id: 1, method: 'subscribe', params: { deviceIds: '*' } }));
    ws._socket.pause();
  }
  apps.push(ws);
}
let peak = base;
const series = [];
for (let s = 0; s < SECONDS; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  const m = rss(hub.pid);
  series.push(m.toFixed(0));
  peak = Math.max(peak, m);
}
console.log('rss per second:', series.join(' '));
const end = rss(hub.pid);
console.log('drops', drops.length, [...new Set(drops)]);
const open = apps.filter((ws) => ws._socket && !ws._socket.destroyed).length;
console.log(
  `${checkout}: ${N} non-reading connections, ${SECONDS} s: hub RSS base ${base.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, end ${end.toFixed(0)} MB; client sockets still open ${open}`,
);
for (const ws of apps) ws.terminate();
hub.kill('SIGTERM');
device.close();
setTimeout(() => process.exit(0), 1000);

// Pre-auth pressure on the reference hub (docs/simulators.md, "The reference hub"): (1) 1,100 TCP connections that
// send nothing: the hub's open fds after 2 s and after 8 s; (2) wrong-token upgrades for 5 s at concurrency 20:
// attempts, 401s, and warn lines logged. Usage: node bench/hub-preauth.mjs CHECKOUT (raise ulimit -n first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [checkout] = process.argv.slice(2);
const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const port = 20000 + Math.floor(Math.random() * 20000);
const dir = mkdtempSync(join(tmpdir(), 'measure-preauth-'));
const config = join(dir, 'hub.json');
writeFileSync(
  config,
  JSON.stringify({
    listen: `127.0.0.1:${port}`,
    deadline_ms: 2000,
    apps: [{ token: 'app-a', devices: '*' }],
  }),
);
const hub = spawn(
  process.execPath,
  [join(checkout, 'bin/fleetcert.js'), 'hub', '--config', config, '--log-level', 'warn'],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let warnLines = 0;
hub.stderr.on('data', (d) => {
  for (const l of String(d).split('\n')) if (l.includes('bearer token')) warnLines++;
});
await new Promise((r) => hub.stdout.on('data', (d) => String(d).includes('EDP-HUB READY') && r()));
const base = fds(hub.pid);
const sockets = [];
for (let i = 0; i < 1100; i++) {
  const s = connect(port, '127.0.0.1');
  s.on('error', () => {});
  sockets.push(s);
}
await new Promise((r) => setTimeout(r, 2000));
const at2 = fds(hub.pid);
await new Promise((r) => setTimeout(r, 6000));
const at8 = fds(hub.pid);
for (const s of sockets) s.destroy();
console.log(
  `${checkout}: 1,100 silent TCP connections: hub fds ${base} before, ${at2} after 2 s, ${at8} after 8 s`,
);
await new Promise((r) => setTimeout(r, 1000));
let attempts = 0,
  refused401 = 0,
  other = 0;
const until = Date.now() + 5000;
const agent = new http.Agent({ keepAlive: false });
async function worker() {
  while (Date.now() < until) {
    attempts++;
    const status = await new Promise((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: '/edp/1/hub',
        agent,
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          authorization: `Bearer guess-${attempts}`,
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('upgrade', () => resolve(101));
      req.on('error', () => resolve(0));
      req.end();
    });
    if (status === 401) refused401++;
    else other++;
  }
}
const before = warnLines;
await Promise.all(Array.from({ length: 20 }, worker));
await new Promise((r) => setTimeout(r, 500));
console.log(
  `${checkout}: wrong tokens for 5 s: ${attempts} attempts, ${refused401} got 401, ${other} other; ${warnLines - before} log lines`,
);
hub.kill('SIGTERM');
setTimeout(() => process.exit(0), 500);

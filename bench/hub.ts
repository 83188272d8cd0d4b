/**
 * `npm run bench:hub`: the reference hub's forwarding throughput. The hub runs in this process
 * (as `fleetcert hub` runs it) in front of the embedded broker with 20 simulated MQTT devices
 * (bulbs and purifiers); 8 app connections keep 16 requests in flight each (section 8's
 * capacity) for `--requests` requests in all, and a subscriber on every connection receives the
 * devices' telemetry. Prints requests per second, app-side latency percentiles, notifications
 * relayed, and the errors seen (the goal: none). Exit 1 on any error.
 *
 * Options: --requests N (default 20,000), --seed N (default 1).
 */
import { createHistogram, recordMs, summarize } from '../load/measure/histogram.js';
import { startHub } from '../simulators/hub/index.js';
import { startEmbeddedBroker } from '../src/broker/index.js';
import { checkHubConfig } from '../src/hub/hub-config.js';
import { type AppClient, connectApp } from '../test/support/hub/app-client.js';
import { freePort } from '../test/support/ports.js';
import { type RunningSimulator, startMqttSimulator } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, {
  requests: { type: 'string', default: '20000' },
  seed: { type: 'string', default: '1' },
});
const total = Number(values.requests);
const seed = Number(values.seed);
const CONNECTIONS = 8;
const IN_FLIGHT = 16;

const broker = await startEmbeddedBroker({ port: 0 });
const ids = Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? `bulb-${1000 + k}` : `purifier-${1000 + k}`));
const devices: RunningSimulator[] = [];
for (const deviceId of ids)
  devices.push(
    await startMqttSimulator(broker.url, {
      type: deviceId.startsWith('bulb') ? 'bulb' : 'purifier',
      deviceId,
      token: 't',
      seed,
      telemetryPeriodMs: 1_000,
    }),
  );
const port = await freePort();
const hub = await startHub({
  config: checkHubConfig({
    listen: `127.0.0.1:${port}`,
    mqtt: { url: broker.url, username: 'controller:hub', password: 'x' },
    apps: [{ token: 'bench', devices: '*' }],
  }),
  seed,
});
const apps: AppClient[] = [];
for (let k = 0; k < CONNECTIONS; k++) {
  const app = await connectApp(hub.url, 'bench');
  await app.request('subscribe', { deviceIds: '*' });
  apps.push(app);
}

const histogram = createHistogram();
let sent = 0;
let errors = 0;
const started = performance.now();
async function lane(app: AppClient): Promise<void> {
  while (sent < total) {
    sent++;
    const deviceId = ids[sent % ids.length]!;
    const at = performance.now();
    const reply = await app.request(
      'devices.get_properties',
      { deviceId, items: [{ siid: 2, piid: 1 }] },
      30_000,
    );
    recordMs(histogram, performance.now() - at);
    if ('error' in reply) errors++;
  }
}
await Promise.all(apps.flatMap((app) => Array.from({ length: IN_FLIGHT }, () => lane(app))));
const seconds = (performance.now() - started) / 1000;
const latency = summarize(histogram) ?? { p50Ms: 0, p99Ms: 0, maxMs: 0 };
const notifications = apps.reduce((n, app) => n + app.notifications().length, 0);

process.stdout.write(
  `reference hub, ${ids.length} MQTT devices, ${CONNECTIONS} connections x ${IN_FLIGHT} in flight (seed ${seed})\n` +
    `  requests:      ${sent} in ${seconds.toFixed(1)} s = ${Math.round(sent / seconds)} req/s\n` +
    `  latency (ms):  p50 ${latency.p50Ms.toFixed(2)}  p99 ${latency.p99Ms.toFixed(2)}  max ${latency.maxMs.toFixed(2)}\n` +
    `  notifications: ${notifications} relayed to subscribers\n` +
    `  errors:        ${errors}\n`,
);
for (const app of apps) await app.close();
await hub.close();
for (const device of devices) await device.stop();
await broker.close();
process.exitCode = errors === 0 ? 0 : 1;

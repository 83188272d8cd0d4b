/**
 * `npm run bench:load`: in one run, against one local Mosquitto, a bare MQTT.js request/echo
 * loop (the ceiling of the client library and broker on this machine), then fleetcert's load
 * generator offered 80 % of that message rate as checked requests and telemetry. msg/s is
 * counted by the broker for both ($SYS publish/messages/received, once a second), over each
 * phase's steady window. Prints msg/s for each and their ratio (goal >= 80 %), checked round
 * trips per second (goal >= 5,000 with 5,000 devices connected) and the round-trip p50/p99.
 * Exit 1 when a goal is missed.
 * Each phase runs in its own process (own heap, own file limit).
 *
 * Options: --devices N (5000), --seconds S (10, the measured hold), --telemetry HZ (0.5 per device),
 * --metrics (fleetcert's phase also serves its live Prometheus metrics, scraped every second).
 */
import { execFile } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startCountingBroker } from './load/broker-counter.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    telemetry: { type: 'string', default: '0.5' },
    metrics: { type: 'boolean', default: false },
  },
});
const devices = Number(values.devices);
const telemetryHz = Number(values.telemetry);
const GOAL_RATIO = 0.8;
const GOAL_ROUND_TRIPS = 5000;
const MESSAGES_PER_REQUEST = 2.35;

function phase(script: string, args: readonly string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    // Both phases with the same V8 settings: the larger young generation the image uses too.
    execFile(
      process.execPath,
      ['--max-semi-space-size=64', '--import', 'tsx', new URL(script, import.meta.url).pathname, ...args],
      { maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script}: ${stderr || error.message}`));
        const line = stdout.trim().split('\n').pop() ?? '{}';
        resolve(JSON.parse(line) as Record<string, unknown>);
      },
    );
  });
}

const fmt = (n: unknown) => (typeof n === 'number' ? Math.round(n).toLocaleString('en-US') : String(n));

async function main(): Promise<number> {
  const broker = await startCountingBroker();
  try {
    process.stdout.write(
      `bench:load: ${devices} devices, ${values.seconds} s measured per phase, Mosquitto ${broker.url}\n`,
    );
    const bare = await phase('./load/bare-phase.ts', [broker.url, String(devices), String(values.seconds)]);
    const bareRate = bare.messagesPerS as number;
    process.stdout.write(
      `  bare MQTT.js request/echo loop: ${fmt(bareRate)} msg/s (${fmt(bare.requestsPerS)} round trips/s, unchecked)\n`,
    );
    // Offer 80 % of the bare rate: requests (each one request and one reply) plus telemetry.
    // Bulbs and purifiers (80 % of the mix) carry telemetry; TVs have no volatile property.
    const telemetryPerS = (Math.round(devices * 0.5) + Math.round(devices * 0.3)) * telemetryHz;
    // A request costs the broker about 2.35 publishes: itself, its answer, and the
    // properties_changed that a third of them (sets, actions) cause.
    const requestRate = Math.max(
      GOAL_ROUND_TRIPS,
      Math.ceil((GOAL_RATIO * bareRate - telemetryPerS) / MESSAGES_PER_REQUEST),
    );
    const load = await phase('./load/fleetcert-phase.ts', [
      broker.url,
      String(devices),
      String(values.seconds),
      String(requestRate),
      String(telemetryHz),
      ...(values.metrics ? ['metrics'] : []),
    ]);
    const loadRate = broker.rateBetween(load.windowStart as number, load.windowEnd as number);
    const ratio = loadRate / bareRate;
    process.stdout.write(
      `  fleetcert load (offered ${fmt(requestRate)} req/s + ${fmt(telemetryPerS)} telemetry/s): ${fmt(loadRate)} msg/s at the broker, ` +
        `${fmt(load.checkedRoundTripsPerS)} checked round trips/s with ${fmt(load.connected)} devices, ` +
        `p50 ${(load.p50Ms as number)?.toFixed(1)} ms, p99 ${(load.p99Ms as number)?.toFixed(1)} ms, ${fmt(load.errors)} errors` +
        `, event loop delay p99 ${fmt(load.loopDelayP99Ms)} ms, max ${fmt(load.loopDelayMaxMs)} ms` +
        `${values.metrics ? `, live metrics scraped ${fmt(load.scrapes)} times` : ''}\n`,
    );
    for (const note of (load.notes as string[]) ?? []) process.stdout.write(`    note: ${note}\n`);
    const okRatio = ratio >= GOAL_RATIO;
    const okRoundTrips =
      (load.checkedRoundTripsPerS as number) >= GOAL_ROUND_TRIPS && (load.connected as number) >= devices;
    process.stdout.write(
      `  ratio fleetcert / bare: ${(ratio * 100).toFixed(1)} % (goal >= ${GOAL_RATIO * 100} %) ${okRatio ? 'ok' : 'MISSED'}\n`,
    );
    process.stdout.write(
      `  checked round trips/s: ${fmt(load.checkedRoundTripsPerS)} (goal >= ${fmt(GOAL_ROUND_TRIPS)} with ${fmt(devices)} devices) ${okRoundTrips ? 'ok' : 'MISSED'}\n`,
    );
    return okRatio && okRoundTrips ? 0 : 1;
  } finally {
    await broker.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:load failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

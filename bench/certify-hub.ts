/**
 * `npm run bench:certify-hub`: certifies the reference hub (`fleetcert hub`, started through the
 * configuration contract as any partner hub is) with a 20-device fleet behind it (16 over MQTT
 * on the embedded broker, 4 WebSocket devices in ws_devices) and prints the time, the judged app
 * requests, requests per second and their latency. Goals (issue 10): at least 1,000 judged app
 * requests in under 60 s, certified. Exit 1 when a goal is missed.
 *
 * Options: --seed N (default 1), --runs N (generated app sessions, default 120).
 */
import { runHubCertification } from '../runs/index.js';
import { FLEETCERT_BIN } from '../test/support/fleetcert-cli.js';
import { referenceModel } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, {
  seed: { type: 'string', default: '1' },
  runs: { type: 'string', default: '120' },
});
const seed = Number(values.seed);
const runs = Number(values.runs);
const GOAL_MS = 60_000;
const GOAL_REQUESTS = 1_000;
const FLEET = [
  { type: 'bulb', model: referenceModel('bulb'), count: 8 },
  { type: 'purifier', model: referenceModel('purifier'), count: 6 },
  { type: 'tv', model: referenceModel('tv'), count: 2 },
];
const WS_DEVICES = 4;

const started = performance.now();
const outcome = await runHubCertification({
  hub: {
    kind: 'hub-command',
    command: [process.execPath, FLEETCERT_BIN, 'hub', '--log-level', 'warn'],
    display: 'fleetcert hub',
  },
  fleet: FLEET,
  wsDevices: WS_DEVICES,
  seed,
  runs,
  toolVersion: 'bench',
});
const ms = performance.now() - started;
const result = outcome.result;
if (!result) {
  process.stdout.write(
    `fleetcert certify hub: the run stopped in "${outcome.run.task}": ${(outcome.run.error as Error)?.message}\n`,
  );
  process.exit(1);
}
const devices = FLEET.reduce((n, g) => n + g.count, 0) + WS_DEVICES;
const rate = result.requests / (ms / 1000);
const ok = result.verdict === 'certified' && ms < GOAL_MS && result.requests >= GOAL_REQUESTS;
process.stdout.write(
  `fleetcert certify hub, the reference hub with ${devices} devices (${devices - WS_DEVICES} MQTT, ${WS_DEVICES} WebSocket), runs ${runs}, seed ${seed}; goals: >= ${GOAL_REQUESTS} judged app requests, < ${GOAL_MS / 1000} s, certified\n`,
);
process.stdout.write(
  `  ${[
    result.verdict.padEnd(14),
    `${result.requests} app requests`.padEnd(19),
    `${(ms / 1000).toFixed(1)} s (judge ${(result.durationMs / 1000).toFixed(1)} s)`.padEnd(24),
    `${Math.round(rate)} req/s`.padEnd(12),
    `p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms`,
    ok ? '' : '  ← goal missed',
  ].join(' ')}\n`,
);
process.exitCode = ok ? 0 : 1;

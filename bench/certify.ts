/**
 * `npm run bench:certify`: certifies each reference simulator with default settings over its
 * default binding (bulb and purifier over MQTT with the embedded broker, `--listen`; the TV over
 * WebSocket) and prints requests per second and time per device. Goals (issue 4): at least 1,000
 * generated requests and under 20 s per device, certified. Exit 1 when a goal is missed.
 *
 * Options: --seed N (default 1), --runs N (default: certify's default).
 */
import { certifyDevice } from '../conformance/certify/certify-device.js';
import { DEFAULT_RUNS } from '../conformance/settings/certify-config.js';
import { runDeviceCertification } from '../runs/index.js';
import { modelSha256 } from '../src/model/hash.js';
import type { CertificationResult } from '../src/result/certification-result.js';
import {
  type ReferenceType,
  type RunningSimulator,
  referenceModel,
  startMqttSimulator,
  startWsSimulator,
} from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, {
  seed: { type: 'string', default: '1' },
  runs: { type: 'string' },
});
const seed = Number(values.seed);
const runs = values.runs === undefined ? DEFAULT_RUNS : Number(values.runs);
const TOKEN = 'bench-token';
const GOAL_MS = 20_000;
const GOAL_REQUESTS = 1_000;

async function certify(
  type: ReferenceType,
  mode: 'listen' | 'ws',
): Promise<{ result: CertificationResult; ms: number }> {
  const model = referenceModel(type);
  const deviceId = `${type}-0001`;
  const base = {
    deviceId,
    token: TOKEN,
    model: { model, sha256: modelSha256(model) },
    seed,
    runs,
    toolVersion: 'bench',
  };
  const started = performance.now();
  let sim: Promise<RunningSimulator> | undefined;
  try {
    if (mode === 'ws') {
      sim = startWsSimulator({ type, deviceId, token: TOKEN, seed });
      const result = await certifyDevice({ ...base, target: { mode: 'ws', url: (await sim).url as string } });
      return { result, ms: performance.now() - started };
    }
    const { result } = await runDeviceCertification({
      ...base,
      target: {
        mode: 'listen',
        port: 0,
        host: '127.0.0.1',
        onListening: (url: string) => {
          sim = startMqttSimulator(url, { type, deviceId, token: TOKEN, seed }, false);
        },
      },
    });
    return { result, ms: performance.now() - started };
  } finally {
    await (await sim)?.stop();
  }
}

const rows: string[] = [];
let missed = 0;
for (const [type, mode] of [
  ['bulb', 'listen'],
  ['purifier', 'listen'],
  ['tv', 'ws'],
] as const) {
  const { result, ms } = await certify(type, mode);
  const rate = result.requests / (ms / 1000);
  const ok = result.verdict === 'certified' && ms < GOAL_MS && result.requests >= GOAL_REQUESTS;
  if (!ok) missed++;
  rows.push(
    [
      `${type} (${mode === 'ws' ? 'WebSocket' : 'MQTT, --listen'})`.padEnd(26),
      result.verdict.padEnd(14),
      `${result.requests} requests`.padEnd(15),
      `${(ms / 1000).toFixed(1)} s`.padEnd(8),
      `${Math.round(rate)} req/s`.padEnd(12),
      `p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms`,
      ok ? '' : '  ← goal missed',
    ].join(' '),
  );
}
process.stdout.write(
  `fleetcert certify, default settings (runs ${runs}, seed ${seed}); goals: >= ${GOAL_REQUESTS} requests, < ${GOAL_MS / 1000} s, certified\n`,
);
for (const row of rows) process.stdout.write(`  ${row}\n`);
process.exitCode = missed === 0 ? 0 : 1;

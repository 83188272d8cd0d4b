/**
 * `npm run bench:certify-brokers`: the same certification (the reference bulb, model-based
 * suite, `--broker` mode) through three brokers side by side, in one run: fleetcert's embedded
 * broker, Mosquitto with `set_tcp_nodelay true`, and Mosquitto with its defaults (Nagle on).
 * Each broker starts on a free port with a generated configuration. Goal (issue 11): Mosquitto
 * with no-delay within 1.2× the embedded broker's time. Exit 1 when the goal is missed.
 *
 * Options: --seed N (default 1), --runs N (default 100).
 */
import { certifyDevice } from '../conformance/certify/certify-device.js';
import { createBrokerAuthPolicy } from '../src/broker/auth-policy.js';
import { startEmbeddedBroker } from '../src/broker/embedded-broker.js';
import { sharedTokenPolicy } from '../src/broker/token-policy.js';
import { modelSha256 } from '../src/model/hash.js';
import type { CertificationResult } from '../src/result/certification-result.js';
import { startMosquitto } from '../test/support/mosquitto.js';
import { referenceModel, startMqttSimulator } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';

const { values } = parseBenchArgs(import.meta.url, {
  seed: { type: 'string', default: '1' },
  runs: { type: 'string', default: '100' },
});
const seed = Number(values.seed);
const runs = Number(values.runs);
const TOKEN = 'bench-token';
const GOAL_RATIO = 1.2;

interface Broker {
  readonly url: string;
  close(): Promise<void>;
}

async function certifyThrough(broker: Broker): Promise<{ result: CertificationResult; ms: number }> {
  const model = referenceModel('bulb');
  const deviceId = 'bulb-0001';
  const sim = await startMqttSimulator(broker.url, { type: 'bulb', deviceId, token: TOKEN, seed }, false);
  try {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const result = await certifyDevice({
      deviceId,
      token: TOKEN,
      model: { model, sha256: modelSha256(model) },
      seed,
      runs,
      toolVersion: 'bench',
      target: { mode: 'broker', url: broker.url },
    });
    return { result, ms: performance.now() - started };
  } finally {
    await sim.stop();
  }
}

const brokers: Array<[string, () => Promise<Broker>]> = [
  [
    'embedded (aedes, no-delay)',
    async () => {
      const b = await startEmbeddedBroker({
        port: 0,
        auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
      });
      return { url: b.url, close: () => b.close() };
    },
  ],
  [
    'Mosquitto, set_tcp_nodelay true',
    async () => {
      const m = await startMosquitto({ tcpNoDelay: true });
      return { url: m.url, close: () => m.stop() };
    },
  ],
  [
    'Mosquitto, defaults',
    async () => {
      const m = await startMosquitto();
      return { url: m.url, close: () => m.stop() };
    },
  ],
];

const rows: Array<{ name: string; result: CertificationResult; ms: number }> = [];
for (const [name, start] of brokers) {
  const broker = await start();
  try {
    rows.push({ name, ...(await certifyThrough(broker)) });
  } finally {
    await broker.close();
  }
}
const embeddedMs = rows[0]?.ms ?? Number.NaN;
process.stdout.write(`fleetcert certify --broker, reference bulb (runs ${runs}, seed ${seed})\n`);
for (const { name, result, ms } of rows) {
  const advice = result.advice?.length ? `  ${result.advice.join(' ')}` : '';
  process.stdout.write(
    `  ${name.padEnd(34)} ${result.verdict.padEnd(14)} ${`${result.requests} requests`.padEnd(15)} ${`${(ms / 1000).toFixed(1)} s`.padEnd(8)} ${`×${(ms / embeddedMs).toFixed(2)}`.padEnd(7)} p50 ${result.latency.p50Ms} ms, p99 ${result.latency.p99Ms} ms${advice}\n`,
  );
}
const nodelay = rows[1];
const ok = nodelay !== undefined && nodelay.ms <= GOAL_RATIO * embeddedMs;
process.stdout.write(
  `goal: Mosquitto with set_tcp_nodelay within ${GOAL_RATIO}× the embedded broker: ${ok ? 'met' : 'MISSED'}\n`,
);
process.exitCode = ok ? 0 : 1;

/**
 * `npm run bench:fleet`: in one run, against one local Mosquitto, the bare MQTT.js loop and
 * then the simulated fleet, each in a process of its own; prints devices connected, connect
 * rate, resident memory per device, the fleet's ratios to the bare loop (goals: >= 75 % of
 * its connect rate, <= 1.5x its memory; absolute: >= 2,000 connects/s, <= 32 KiB/device),
 * and request round trips sampled while the whole fleet is up. Exit 1 when a goal is missed.
 *
 * Options: --devices N (19000), --mix bulb=…,purifier=…,tv=… (default 50/30/20 of N),
 * --window N (handshakes in flight, 256), --samples N (2000), --rate N (requests/s, 500),
 * --no-tuned (skip the tuned bare loop), --addresses N (4: clients of every phase spread
 * round-robin over 127.0.0.1 … 127.0.0.N of the one broker; 1 measures the kernel's ephemeral
 * port search too, see bench/fleet/broker.ts).
 */
import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type BenchBroker, settle, startBenchBroker } from './fleet/broker.js';
import type { PhaseMessage, PhaseResult } from './fleet/phase-protocol.js';
import { type RoundTrips, sampleRoundTrips } from './fleet/round-trips.js';

const { values } = parseArgs({
  options: {
    devices: { type: 'string', default: '19000' },
    mix: { type: 'string' },
    window: { type: 'string', default: '256' },
    samples: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '500' },
    'no-tuned': { type: 'boolean', default: false },
    addresses: { type: 'string', default: '4' },
  },
});
const devices = Number(values.devices);
const mix = values.mix ?? defaultMix(devices);
const KIB = 1024;

interface Phase {
  readonly result: PhaseResult & { brokerCpuMs: number };
  stop(): Promise<{ stopMs: number; graceful: number }>;
}

function defaultMix(n: number): string {
  const bulbs = Math.round(n * 0.5);
  const purifiers = Math.round(n * 0.3);
  return `bulb=${bulbs},purifier=${purifiers},tv=${n - bulbs - purifiers}`;
}

function runPhase(broker: BenchBroker, script: string, args: readonly string[]): Promise<Phase> {
  const brokerCpu0 = broker.cpuMs();
  const child = fork(new URL(script, import.meta.url), args, {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const messages: PhaseMessage[] = [];
  const waiters: (() => void)[] = [];
  child.on('message', (m: PhaseMessage) => {
    messages.push(m);
    for (const w of waiters.splice(0)) w();
  });
  const next = (type: PhaseMessage['type']): Promise<PhaseMessage> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = messages.find((m) => m.type === type || m.type === 'failed');
        if (found?.type === 'failed') return reject(new Error(`${script} failed: ${found.message}`));
        if (found) return resolve(found);
        if (child.exitCode !== null) return reject(new Error(`${script} exited with ${child.exitCode}`));
        waiters.push(check);
      };
      child.once('exit', () => {
        for (const wake of waiters.splice(0)) wake();
      });
      check();
    });
  return next('connected').then((m) => ({
    result: {
      ...(m as Extract<PhaseMessage, { type: 'connected' }>).result,
      brokerCpuMs: broker.cpuMs() - brokerCpu0,
    },
    async stop() {
      child.send({ type: 'stop' });
      const stopped = (await next('stopped')) as Extract<PhaseMessage, { type: 'stopped' }>;
      await new Promise((resolve) =>
        child.exitCode === null ? child.once('exit', resolve) : resolve(undefined),
      );
      return { stopMs: stopped.stopMs, graceful: stopped.graceful };
    },
  }));
}

const rate = (r: PhaseResult) => (r.connected * 1000) / r.connectMs;
const perDevice = (r: PhaseResult) => (r.rssConnected - r.rssBaseline) / Math.max(1, r.connected);
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const cpuPerDevice = (ms: number, r: PhaseResult) => ((ms * 1000) / Math.max(1, r.connected)).toFixed(0);
const row = (name: string, r: PhaseResult & { brokerCpuMs: number }) =>
  `${name.padEnd(16)} ${String(r.connected).padStart(9)} ${String(r.errors).padStart(7)} ${(r.connectMs / 1000).toFixed(2).padStart(10)} ${rate(r).toFixed(0).padStart(8)} ${(perDevice(r) / KIB).toFixed(1).padStart(9)} KiB ${cpuPerDevice(r.cpuMs, r).padStart(10)} ${cpuPerDevice(r.brokerCpuMs, r).padStart(10)}`;

async function main(): Promise<number> {
  const broker = await startBenchBroker(Number(values.addresses));
  const urls = broker.urls.join(',');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(
    `fleetcert bench:fleet: ${devices} devices (${mix}), window ${values.window}, node ${process.version}, ${cpus().length} cores, Mosquitto at ${broker.urls.length} address(es) ${broker.urls[0]}… (set_tcp_nodelay)`,
  );
  log(
    "bare-default: the reference loop (MQTT.js defaults); bare-tuned: the fleet's MQTT.js options; CPU: user+system per device while connecting",
  );
  try {
    const results: (PhaseResult & { brokerCpuMs: number })[] = [];
    for (const variant of values['no-tuned'] ? ['default'] : ['default', 'tuned']) {
      await settle(broker, log);
      log(`… bare MQTT.js loop (${variant})`);
      const bare = await runPhase(broker, './fleet/bare-phase.ts', [
        urls,
        String(devices),
        values.window!,
        variant,
      ]);
      results.push(bare.result);
      await bare.stop();
    }
    await settle(broker, log);
    log('… simulated fleet');
    const fleet = await runPhase(broker, './fleet/fleet-phase.ts', [urls, mix, values.window!]);
    results.push(fleet.result);
    log(`… request round trips while ${fleet.result.connected} devices are connected`);
    const trips: RoundTrips = await sampleRoundTrips(
      broker.url,
      mix,
      Number(values.samples),
      Number(values.rate),
    );
    const stopped = await fleet.stop();

    log('');
    log(
      `${'phase'.padEnd(16)} ${'connected'.padStart(9)} ${'errors'.padStart(7)} ${'connect s'.padStart(10)} ${'conn/s'.padStart(8)} ${'RSS/device'.padStart(13)} ${'CPU µs/dev'.padStart(10)} ${'broker µs'.padStart(10)}`,
    );
    for (const r of results) log(row(r.phase, r));
    const bare = results.find((r) => r.phase === 'bare-default');
    const tuned = results.find((r) => r.phase === 'bare-tuned');
    const sim = fleet.result;
    const rateRatio = rate(sim) / rate(bare!);
    const memRatio = perDevice(sim) / perDevice(bare!);
    const goals = [
      {
        name: 'all devices connected',
        ok: sim.connected === devices && sim.errors === 0,
        value: `${sim.connected}/${devices}`,
      },
      { name: 'connect rate >= 75 % of bare', ok: rateRatio >= 0.75, value: pct(rateRatio) },
      { name: 'memory <= 1.5x bare', ok: memRatio <= 1.5, value: `${memRatio.toFixed(2)}x` },
      { name: 'connect rate >= 2,000/s', ok: rate(sim) >= 2_000, value: `${rate(sim).toFixed(0)}/s` },
      {
        name: 'RSS <= 32 KiB/device',
        ok: perDevice(sim) <= 32 * KIB,
        value: `${(perDevice(sim) / KIB).toFixed(1)} KiB`,
      },
      {
        name: 'every sampled request answered',
        ok: trips.answered === trips.sent && trips.wrong === 0,
        value: `${trips.answered}/${trips.sent}, ${trips.wrong} wrong`,
      },
    ];
    log('');
    if (tuned)
      log(
        `vs the tuned bare loop (same MQTT.js options as the fleet): connect rate ${pct(rate(sim) / rate(tuned))}, memory ${(perDevice(sim) / perDevice(tuned)).toFixed(2)}x`,
      );
    log(
      `request round trip (${trips.sent} get_properties at ${values.rate}/s to random devices): p50 ${trips.p50.toFixed(2)} ms, p99 ${trips.p99.toFixed(2)} ms, max ${trips.max.toFixed(2)} ms`,
    );
    log(
      `graceful stop of the fleet: ${stopped.graceful} devices offline in ${(stopped.stopMs / 1000).toFixed(2)} s`,
    );
    log('');
    for (const g of goals) log(`${g.ok ? 'PASS' : 'FAIL'}  ${g.name.padEnd(32)} ${g.value}`);
    return goals.every((g) => g.ok) ? 0 : 1;
  } finally {
    await broker.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench:fleet failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);

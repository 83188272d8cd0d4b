/**
 * `npm run bench:fleet`, two parts in one run.
 *
 * 1. Side by side against one local Mosquitto: the bare MQTT.js loop (19,000 plain clients that
 *    connect with a will, subscribe to `rpc` and publish retained presence, MQTT.js defaults) and
 *    the simulated fleet of 19,000 devices, each in a process of its own, alternating for
 *    `--rounds` rounds (a busy shared machine moves single figures by a third; the medians
 *    compare). Prints connect rate, resident memory and heap per device of each, the fleet's
 *    ratios (goals: >= 90 % of the bare rate, <= 1.2x its memory), and request round trips
 *    sampled while the whole fleet is up.
 * 2. Beyond one process: `fleetcert simulate --fleet … --workers N` holding 60,000 devices
 *    spread over several Mosquitto processes (each process held to 20,000 open files here),
 *    then every device asked for its serial number (bench/fleet/workers-run.ts).
 * Exit 1 when a goal is missed.
 *
 * Options: --devices N (19000), --mix bulb=…,purifier=…,tv=… (default 50/30/20 of N),
 * --window N (handshakes in flight, 256), --rounds N (3), --samples N (2000), --rate N
 * (requests/s, 500), --tuned (add the bare loop with the fleet's MQTT.js options), --bare-model (add the bare
 * loop that also publishes a retained model document, as a device must), --addresses N
 * (4: clients spread round-robin over 127.0.0.1 … 127.0.0.N, see bench/fleet/broker.ts);
 * part 2: --workers-devices N (60000, 0 skips it), --workers N (4), --brokers N (4);
 * --only workers skips part 1.
 */
import { cpus, loadavg } from 'node:os';
import { parseBenchArgs } from './bench-args.js';
import { settle, startBenchBroker } from './fleet/broker.js';
import type { PhaseResult } from './fleet/phase-protocol.js';
import { type RoundTrips, sampleRoundTrips } from './fleet/round-trips.js';
import { runPhase } from './fleet/run-phase.js';
import { runWorkersFleet, type WorkersRun } from './fleet/workers-run.js';

const { values } = parseBenchArgs(import.meta.url, {
  devices: { type: 'string', default: '19000' },
  mix: { type: 'string' },
  window: { type: 'string', default: '256' },
  rounds: { type: 'string', default: '3' },
  samples: { type: 'string', default: '2000' },
  rate: { type: 'string', default: '500' },
  tuned: { type: 'boolean', default: false },
  'bare-model': { type: 'boolean', default: false },
  addresses: { type: 'string', default: '4' },
  'workers-devices': { type: 'string', default: '60000' },
  workers: { type: 'string', default: '4' },
  brokers: { type: 'string', default: '4' },
  only: { type: 'string' },
});
const devices = Number(values.devices);
const mix = values.mix ?? defaultMix(devices);
const KIB = 1024;
const MIB = 1024 * 1024;
const FILE_LIMIT = 20_000;
const log = (line: string) => process.stdout.write(`${line}\n`);
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

type Result = PhaseResult & { brokerCpuMs: number };
interface Goal {
  readonly name: string;
  readonly ok: boolean;
  readonly value: string;
}

function defaultMix(n: number): string {
  const bulbs = Math.round(n * 0.5);
  const purifiers = Math.round(n * 0.3);
  return `bulb=${bulbs},purifier=${purifiers},tv=${n - bulbs - purifiers}`;
}

const rate = (r: PhaseResult) => (r.connected * 1000) / r.connectMs;
const rssPerDevice = (r: PhaseResult) => (r.rssConnected - r.rssBaseline) / Math.max(1, r.connected);
const heapPerDevice = (r: PhaseResult) => (r.heapConnected - r.heapBaseline) / Math.max(1, r.connected);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const perDev = (ms: number, r: PhaseResult) => ((ms * 1000) / Math.max(1, r.connected)).toFixed(0);
const kib = (bytes: number) => `${(bytes / KIB).toFixed(1)} KiB`;
const HEADER = `${'phase'.padEnd(18)} ${'connected'.padStart(9)} ${'errors'.padStart(6)} ${'build s'.padStart(7)} ${'connect s'.padStart(9)} ${'conn/s'.padStart(7)} ${'RSS/dev'.padStart(9)} ${'heap/dev'.padStart(9)} ${'CPU µs/dev'.padStart(10)} ${'broker µs'.padStart(9)}`;
const row = (name: string, r: Result) =>
  `${name.padEnd(18)} ${String(r.connected).padStart(9)} ${String(r.errors).padStart(6)} ${(r.buildMs / 1000).toFixed(2).padStart(7)} ${(r.connectMs / 1000).toFixed(2).padStart(9)} ${rate(r).toFixed(0).padStart(7)} ${kib(rssPerDevice(r)).padStart(9)} ${kib(heapPerDevice(r)).padStart(9)} ${perDev(r.cpuMs, r).padStart(10)} ${perDev(r.brokerCpuMs, r).padStart(9)}`;

async function sideBySide(): Promise<Goal[]> {
  const broker = await startBenchBroker(Number(values.addresses));
  const urls = broker.urls.join(',');
  const rounds = Math.max(1, Number(values.rounds));
  log(
    `part 1: ${devices} devices (${mix}) beside ${devices} bare MQTT.js clients, ${rounds} round(s), window ${values.window}, Mosquitto at ${broker.urls.length} address(es) ${broker.urls[0]}…`,
  );
  const rows: [string, Result][] = [];
  const bare: Result[] = [];
  const tuned: Result[] = [];
  const modelled: Result[] = [];
  const fleet: Result[] = [];
  let trips: RoundTrips | undefined;
  let stopped = { stopMs: 0, graceful: 0 };
  try {
    for (let round = 1; round <= rounds; round++) {
      const variants = [
        'default',
        ...(values.tuned ? ['tuned'] : []),
        ...(values['bare-model'] ? ['model'] : []),
      ];
      for (const variant of variants) {
        await settle(broker, log);
        log(`… round ${round}: bare MQTT.js loop (${variant}), ${load()}`);
        const phase = await runPhase(broker, './bare-phase.ts', [
          urls,
          String(devices),
          values.window!,
          variant,
        ]);
        (variant === 'default' ? bare : variant === 'tuned' ? tuned : modelled).push(phase.result);
        rows.push([`bare-${variant} #${round}`, phase.result]);
        await phase.stop();
      }
      await settle(broker, log);
      log(`… round ${round}: simulated fleet, ${load()}`);
      const phase = await runPhase(broker, './fleet-phase.ts', [urls, mix, values.window!]);
      fleet.push(phase.result);
      rows.push([`fleet #${round}`, phase.result]);
      if (round === rounds) {
        log(`… request round trips while ${phase.result.connected} devices are connected`);
        trips = await sampleRoundTrips(broker.url, mix, Number(values.samples), Number(values.rate));
      }
      stopped = await phase.stop();
    }
  } finally {
    await broker.stop();
  }
  log('');
  log(
    "bare-default: MQTT.js defaults (the reference); bare-tuned: the fleet's MQTT.js options; bare-model: defaults plus a retained model publish",
  );
  log('build: creating the devices before the first connect; connect: first connect to last presence');
  log(HEADER);
  for (const [name, r] of rows) log(row(name, r));
  const rateRatio = median(fleet.map(rate)) / median(bare.map(rate));
  const rssRatio = median(fleet.map(rssPerDevice)) / median(bare.map(rssPerDevice));
  const heapRatio = median(fleet.map(heapPerDevice)) / median(bare.map(heapPerDevice));
  const withBuild = median(fleet.map((r) => (r.connected * 1000) / (r.connectMs + r.buildMs)));
  const cpu = (r: PhaseResult) => r.cpuMs / Math.max(1, r.connected);
  // Client and broker CPU per connect: what a busy shared machine moves least.
  const cpuBoth = (r: Result) => (r.cpuMs + r.brokerCpuMs) / Math.max(1, r.connected);
  log('');
  // Each round's pair ran minutes apart at most: their ratios show how far the machine's load moved them.
  for (const [i, f] of fleet.entries())
    log(
      `round ${i + 1}: fleet / bare connect rate ${pct(rate(f) / rate(bare[i]!))}, RSS ${(rssPerDevice(f) / rssPerDevice(bare[i]!)).toFixed(2)}x, CPU per connect ${(cpu(f) / cpu(bare[i]!)).toFixed(2)}x`,
    );
  log(
    `medians: bare ${median(bare.map(rate)).toFixed(0)}/s ${kib(median(bare.map(rssPerDevice)))} RSS ${kib(median(bare.map(heapPerDevice)))} heap per client; fleet ${median(fleet.map(rate)).toFixed(0)}/s ${kib(median(fleet.map(rssPerDevice)))} RSS ${kib(median(fleet.map(heapPerDevice)))} heap per device`,
  );
  log(
    `fleet / bare (medians): connect rate ${pct(rateRatio)} (${pct(withBuild / median(bare.map(rate)))} counting the build), RSS ${rssRatio.toFixed(2)}x, heap ${heapRatio.toFixed(2)}x, CPU per connect ${(median(fleet.map(cpu)) / median(bare.map(cpu))).toFixed(2)}x (${(median(fleet.map(cpuBoth)) / median(bare.map(cpuBoth))).toFixed(2)}x with the broker's)`,
  );
  if (modelled.length > 0)
    log(
      `fleet / bare-model (the bare loop publishing a model too): connect rate ${pct(median(fleet.map(rate)) / median(modelled.map(rate)))}, RSS ${(median(fleet.map(rssPerDevice)) / median(modelled.map(rssPerDevice))).toFixed(2)}x`,
    );
  if (tuned.length > 0)
    log(
      `fleet / bare-tuned: connect rate ${pct(median(fleet.map(rate)) / median(tuned.map(rate)))}, RSS ${(median(fleet.map(rssPerDevice)) / median(tuned.map(rssPerDevice))).toFixed(2)}x`,
    );
  log(
    `request round trip (${trips!.sent} get_properties at ${values.rate}/s to random devices): p50 ${trips!.p50.toFixed(2)} ms, p99 ${trips!.p99.toFixed(2)} ms, max ${trips!.max.toFixed(2)} ms`,
  );
  log(
    `graceful stop of the fleet: ${stopped.graceful} devices offline in ${(stopped.stopMs / 1000).toFixed(2)} s`,
  );
  const last = fleet.at(-1)!;
  return [
    {
      name: 'all devices connected',
      ok: fleet.every((r) => r.connected === devices && r.errors === 0),
      value: fleet.map((r) => `${r.connected}/${devices}`).join(', '),
    },
    { name: 'connect rate >= 90 % of bare', ok: rateRatio >= 0.9, value: pct(rateRatio) },
    { name: 'memory (RSS) <= 1.2x bare', ok: rssRatio <= 1.2, value: `${rssRatio.toFixed(2)}x` },
    { name: 'RSS <= 32 KiB/device', ok: rssPerDevice(last) <= 32 * KIB, value: kib(rssPerDevice(last)) },
    {
      name: 'every sampled request answered',
      ok: trips!.answered === trips!.sent && trips!.wrong === 0,
      value: `${trips!.answered}/${trips!.sent}, ${trips!.wrong} wrong`,
    },
  ];
}

async function beyondOneProcess(count: number): Promise<Goal[]> {
  const workers = Number(values.workers);
  const brokers = Number(values.brokers);
  const bigMix = defaultMix(count);
  log('');
  log(
    `part 2: fleetcert simulate --fleet ${bigMix} --workers ${workers} over ${brokers} Mosquitto processes (${values.addresses} addresses each), ${load()}`,
  );
  const run: WorkersRun = await runWorkersFleet({
    mix: bigMix,
    workers,
    brokers,
    addresses: Number(values.addresses),
    maxConnecting: Number(values.window) * workers,
    log,
  });
  const a = run.answers;
  log(
    `${run.devices} devices online ${(run.onlineMs / 1000).toFixed(1)} s after the command started; CLI: ${run.summary}`,
  );
  log(
    `presence: ${a.online} online on one broker each (${a.perBroker.join(' + ')}), ${a.missing.length} missing, ${a.duplicated.length} on two brokers (${(a.presenceMs / 1000).toFixed(1)} s)`,
  );
  log(
    `answers: ${a.answered}/${a.sent} devices answered get_properties with their own serial number, ${a.wrong} wrong (${(a.requestsMs / 1000).toFixed(1)} s, ${((a.sent * 1000) / a.requestsMs).toFixed(0)} req/s)`,
  );
  log(
    `${'process'.padEnd(16)} ${'RSS'.padStart(9)} ${'open files'.padStart(10)} ${'RSS/device'.padStart(10)}`,
  );
  const perWorker = run.devices / workers;
  for (const p of run.processes) {
    const share = p.role.startsWith('fleet worker') ? kib(p.rss / perWorker) : '';
    log(
      `${p.role.padEnd(16)} ${`${(p.rss / MIB).toFixed(0)} MiB`.padStart(9)} ${String(p.files).padStart(10)} ${share.padStart(10)}`,
    );
  }
  log(`SIGINT: ${run.graceful} devices offline gracefully, exit code ${run.exitCode}; ${load()}`);
  const maxFiles = Math.max(...run.processes.map((p) => p.files));
  return [
    {
      name: `${count} devices online, one broker each`,
      ok: a.online === count && a.duplicated.length === 0,
      value: `${a.online}/${count}`,
    },
    {
      name: 'every device answered',
      ok: a.answered === count && a.wrong === 0,
      value: `${a.answered}/${count}, ${a.wrong} wrong`,
    },
    { name: `every process < ${FILE_LIMIT} open files`, ok: maxFiles < FILE_LIMIT, value: `max ${maxFiles}` },
    {
      name: 'SIGINT: all offline gracefully, exit 0',
      ok: run.graceful === count && run.exitCode === 0,
      value: `${run.graceful}, exit ${run.exitCode}`,
    },
  ];
}

async function main(): Promise<number> {
  log(`fleetcert bench:fleet: node ${process.version}, ${cpus().length} cores, ${load()}`);
  const goals: Goal[] = [];
  if (values.only !== 'workers') goals.push(...(await sideBySide()));
  const big = Number(values['workers-devices']);
  if (big > 0) goals.push(...(await beyondOneProcess(big)));
  log('');
  for (const g of goals) log(`${g.ok ? 'PASS' : 'FAIL'}  ${g.name.padEnd(40)} ${g.value}`);
  log(load());
  return goals.every((g) => g.ok) ? 0 : 1;
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

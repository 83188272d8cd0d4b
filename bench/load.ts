/**
 * `npm run bench:load`: in one run, side by side,
 * 1. against one local Mosquitto: a bare MQTT.js request/echo loop with the same mix of messages
 *    (telemetry, and a notification after 23.5 % of requests, as fleetcert's sets and actions; the ceiling of the client library and
 *    broker on this machine), then fleetcert's load generator offered 82 % of that message rate
 *    as checked requests and telemetry (open model). msg/s is counted by the
 *    broker for both ($SYS publish/messages/received, once a second), over each phase's steady
 *    window; each phase also reports its own CPU and the broker's, so the generator's cost per
 *    message reads apart from how busy the shared machine was;
 *    A third phase runs the bare loop open-model at fleetcert's offered rate, so the CPU per
 *    message of the same traffic at the same rate, bare and checked, compares like with like;
 * 2. against the reference hub (bench/load-hub.ts): a bare Hub API app loop, then fleetcert's
 *    checked hub load offered 80 % of its rate.
 * Prints both pairs, their ratios (goal >= 80 % for the MQTT pair), how many requests left more
 * than 100 ms after their intended time (goal < 1 %), checked round trips per second (goal
 * >= 5,000 with 5,000 devices connected) with p50/p99, and a closing note with the figures.
 * Exit 1 when a goal is missed. Each phase runs in its own process (own heap, own file limit).
 *
 * fleetcert's MQTT load runs twice: as a library (`runLoad` in a bench process with
 * --expose-gc) and through the CLI (`node bin/fleetcert.js load FILE`, no extra node flags: what
 * users run). The goals are judged on the CLI path.
 *
 * Options: --devices N (5000), --seconds S (10, the measured hold), --telemetry HZ (0.5 per device),
 * --no-library (skip the library phase; the CLI phase always runs),
 * --metrics (fleetcert's phase also serves its live Prometheus metrics, scraped every second),
 * --hub-devices N (200), --no-hub (skip the hub pair).
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseBenchArgs } from './bench-args.js';
import { startCountingBroker } from './load/broker-counter.js';

const { values } = parseBenchArgs(import.meta.url, {
  devices: { type: 'string', default: '5000' },
  seconds: { type: 'string', default: '10' },
  telemetry: { type: 'string', default: '0.5' },
  metrics: { type: 'boolean', default: false },
  'hub-devices': { type: 'string', default: '200' },
  'no-hub': { type: 'boolean', default: false },
  'no-library': { type: 'boolean', default: false },
});
const devices = Number(values.devices);
const telemetryHz = Number(values.telemetry);
const GOAL_RATIO = 0.8;
/**
 * What the generator is offered: a little over the goal, so a run that keeps its schedule shows the
 * goal met with a margin; offered exactly 80 %, 80 % was the ratio's ceiling and a run that kept
 * every request on time could print 79.97 % "MISSED".
 */
const OFFERED_RATIO = 0.82;
const GOAL_LATE_SHARE = 0.01;
const GOAL_ROUND_TRIPS = 5000;
/**
 * Broker messages per checked request with the bench's mix (6 gets, 3 sets, 1 action in 10):
 * the request, its answer, and a properties_changed after the sets and actions that change a
 * value (a set to the value a property already has notifies nothing). Measured: 2,235 broker
 * messages for 1,000 requests/s without telemetry.
 */
const MESSAGES_PER_REQUEST = 2.235;

type Figures = Record<string, unknown>;

function phase(
  script: string,
  args: readonly string[],
  nodeOptions: readonly string[] = [],
): Promise<Figures> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeOptions, '--import', 'tsx', new URL(script, import.meta.url).pathname, ...args],
      { maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script}: ${stderr || error.message}`));
        const lines = stdout.trim().split('\n');
        const json = lines.pop() ?? '{}';
        resolve({ ...(JSON.parse(json) as Figures), printed: lines });
      },
    );
  });
}
// Both MQTT phases with the same V8 settings: the larger young generation the image uses too.
const MQTT_PHASE_NODE = ['--max-semi-space-size=64'];

const fmt = (n: unknown) => (typeof n === 'number' ? Math.round(n).toLocaleString('en-US') : String(n));
const ms = (n: unknown) => (typeof n === 'number' ? n.toFixed(1) : '—');
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const broker = await startCountingBroker();
  let mqtt: { ratio: number; lateShare: number; roundTrips: number; p50: unknown; p99: unknown; ok: boolean };
  try {
    say(
      `bench:load: ${devices} devices, ${values.seconds} s measured per phase, Mosquitto ${broker.url} (${load()})`,
    );
    // The bare loop carries the same mix: the telemetry, and a properties_changed after 23.5 % of requests.
    const bare = await phase(
      './load/bare-phase.ts',
      [broker.url, String(devices), String(values.seconds), String(telemetryHz)],
      MQTT_PHASE_NODE,
    );
    const bareRate = broker.rateBetween(bare.windowStart as number, bare.windowEnd as number);
    const bareBrokerCpu = broker.cpuBetween(bare.windowStart as number, bare.windowEnd as number);
    say(
      `  bare MQTT.js request/echo loop, same mix: ${fmt(bareRate)} msg/s at the broker (${fmt(bare.requestsPerS)} round trips/s, unchecked); ` +
        `CPU: clients ${fmt(bare.cpuMsPerS)} ms/s = ${ms(((bare.cpuMsPerS as number) * 1000) / bareRate)} µs/msg, broker ${fmt(bareBrokerCpu)} ms/s (${load()})`,
    );
    // Offer 82 % of the bare rate (OFFERED_RATIO): requests (each one request and one reply) plus telemetry.
    // Bulbs and purifiers (80 % of the mix) carry telemetry; TVs have no volatile property.
    const telemetryPerS = (Math.round(devices * 0.5) + Math.round(devices * 0.3)) * telemetryHz;
    // A request costs the broker MESSAGES_PER_REQUEST publishes. Exactly 82 %, also when
    // that is under 5,000 requests/s (a busy machine): the ratio and the lateness compare
    // like with like; the round-trip goal then says the machine was too slow for it.
    const requestRate = Math.ceil((OFFERED_RATIO * bareRate - telemetryPerS) / MESSAGES_PER_REQUEST);
    const phaseArgs = [
      broker.url,
      String(devices),
      String(values.seconds),
      String(requestRate),
      String(telemetryHz),
    ];
    const describe = (label: string, run: Figures): { rate: number; lateShare: number } => {
      const rate = broker.rateBetween(run.windowStart as number, run.windowEnd as number);
      const brokerCpu = broker.cpuBetween(run.windowStart as number, run.windowEnd as number);
      const sent = (run.sent as number) || 0;
      const lateShare = sent > 0 ? (run.lateSends as number) / sent : 1;
      say(
        `  ${label} (offered ${fmt(requestRate)} req/s + ${fmt(telemetryPerS)} telemetry/s): ${fmt(rate)} msg/s at the broker = ${pct(rate / bareRate)} of bare, ` +
          `${fmt(run.checkedRoundTripsPerS)} checked round trips/s with ${fmt(run.connected)} devices, ` +
          `p50 ${ms(run.p50Ms)} ms, p99 ${ms(run.p99Ms)} ms, ${fmt(run.errors)} errors, ${pct(lateShare)} late` +
          `${(run.lateSends as number) > 0 ? ` (worst ${fmt(run.maxLagMs)} ms)` : ''}; ` +
          `CPU: generator and devices ${fmt(run.cpuMsPerS)} ms/s = ${ms(((run.cpuMsPerS as number) * 1000) / rate)} µs/msg, broker ${fmt(brokerCpu)} ms/s` +
          `${run.eventLoopUtilization === undefined ? '' : `; event loop busy ${pct(run.eventLoopUtilization as number)} of the run, delay p99 ${fmt(run.loopDelayP99Ms)} ms, max ${fmt(run.loopDelayMaxMs)} ms`}` +
          `${values.metrics && run.scrapes !== undefined ? `, live metrics scraped ${fmt(run.scrapes)} times` : ''} (${load()})`,
      );
      for (const note of (run.notes as string[]) ?? []) say(`    note: ${note}`);
      return { rate, lateShare };
    };
    if (!values['no-library']) {
      const library = await phase(
        './load/fleetcert-phase.ts',
        [...phaseArgs, ...(values.metrics ? ['metrics'] : [])],
        // --expose-gc: the generator collects once in the settle, before the load (load/runner/idle-collect.ts).
        [...MQTT_PHASE_NODE, '--expose-gc'],
      );
      describe('fleetcert load as a library, runLoad', library);
    }
    // What users run: the CLI in its own process, no node flags. The goals are judged on it.
    const run = await phase('./load/cli-phase.ts', phaseArgs);
    const { rate: loadRate, lateShare } = describe('fleetcert load from the CLI', run);
    const ratio = loadRate / bareRate;
    const sent = (run.sent as number) || 0;
    // The same traffic bare, open model at fleetcert's own rate: what the traffic costs with
    // none of fleetcert's work, so CPU per message compares like with like on a busy machine.
    const open = await phase(
      './load/bare-phase.ts',
      [broker.url, String(devices), String(values.seconds), String(telemetryHz), String(requestRate)],
      MQTT_PHASE_NODE,
    );
    const openRate = broker.rateBetween(open.windowStart as number, open.windowEnd as number);
    const openUs = ((open.cpuMsPerS as number) * 1000) / openRate;
    const loadUs = ((run.cpuMsPerS as number) * 1000) / loadRate;
    say(
      `  bare loop, same mix, open model at ${fmt(requestRate)} req/s: ${fmt(openRate)} msg/s at the broker; CPU: clients ${fmt(open.cpuMsPerS)} ms/s = ${ms(openUs)} µs/msg ` +
        `(fleetcert's ${ms(loadUs)} µs/msg = ${(loadUs / openUs).toFixed(2)}x: the generator's, checkers' and simulated devices' own cost) (${load()})`,
    );
    const okRatio = ratio >= GOAL_RATIO;
    const okLate = lateShare < GOAL_LATE_SHARE;
    const okRoundTrips =
      (run.checkedRoundTripsPerS as number) >= GOAL_ROUND_TRIPS && (run.connected as number) >= devices;
    say(
      `  ratio fleetcert (CLI) / bare: ${pct(ratio)} (goal >= ${GOAL_RATIO * 100} %) ${okRatio ? 'ok' : 'MISSED'}`,
    );
    say(
      `  requests sent more than 100 ms after their intended time: ${fmt(run.lateSends)} of ${fmt(sent)} = ${pct(lateShare)}` +
        `${(run.lateSends as number) > 0 ? ` (worst ${fmt(run.maxLagMs)} ms)` : ''} (goal < ${GOAL_LATE_SHARE * 100} %) ${okLate ? 'ok' : 'MISSED'}`,
    );
    say(
      `  checked round trips/s: ${fmt(run.checkedRoundTripsPerS)} (goal >= ${fmt(GOAL_ROUND_TRIPS)} with ${fmt(devices)} devices) ${okRoundTrips ? 'ok' : 'MISSED'}`,
    );
    mqtt = {
      ratio,
      lateShare,
      roundTrips: run.checkedRoundTripsPerS as number,
      p50: run.p50Ms,
      p99: run.p99Ms,
      ok: okRatio && okLate && okRoundTrips,
    };
  } finally {
    await broker.stop();
  }

  let hubNote = 'hub pair skipped (--no-hub)';
  if (!values['no-hub']) {
    const hub = await phase('./load-hub.ts', [
      '--devices',
      String(values['hub-devices']),
      '--seconds',
      String(values.seconds),
      '--json',
    ]);
    for (const line of hub.printed as string[]) if (line.trim()) say(line);
    const hubRatio = (hub.checkedAnswersPerS as number) / (hub.bareAnswersPerS as number);
    hubNote =
      `through the reference hub ${fmt(hub.checkedAnswersPerS)} checked round trips/s = ${pct(hubRatio)} of the bare Hub API loop's ${fmt(hub.bareAnswersPerS)}/s ` +
      `(offered 80 %), p50 ${ms(hub.p50Ms)} ms, p99 ${ms(hub.p99Ms)} ms, ${fmt(hub.errors)} errors`;
  }
  say(
    `  closing note: over MQTT, fleetcert's checked load reached ${pct(mqtt.ratio)} of the bare loop's broker rate with ` +
      `${fmt(mqtt.roundTrips)} checked round trips/s (p50 ${ms(mqtt.p50)} ms, p99 ${ms(mqtt.p99)} ms) and ${pct(mqtt.lateShare)} of requests late; ${hubNote} (${load()}).`,
  );
  return mqtt.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:load failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

/**
 * `npm run bench:load-hub`: in one run, against the reference hub (`fleetcert hub`, started
 * through the configuration contract) with 200 MQTT devices behind it on the embedded broker:
 * first a bare Hub API app loop (8 connections, 16 get_properties in flight each, nothing
 * checked: the ceiling of hub, broker and devices on this machine), then fleetcert's checked
 * hub load (runHubLoad) offered 80 % of that rate as an open-model schedule. Prints both rates,
 * their ratio, the checked round trips per second with p50/p99, and how many commands left late.
 *
 * Options: --devices N (200), --seconds S (10 per phase), --mix get=6,set=3,action=1 (the checked
 * load's request mix; for diagnosis, the goal is judged on the default), --json (also one JSON line of the
 * figures, last: how `npm run bench:load` folds this bench into its own printout).
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createHistogram, percentileMs, recordMs } from '../load/measure/histogram.js';
import { validateScenario } from '../load/scenario/validate.js';
import { freeLoopbackPort } from '../runs/free-port.js';
import { startHubFleet } from '../runs/hub/hub-fleet.js';
import { hubUrl } from '../runs/hub/hub-process.js';
import { hubRunTokens, secret } from '../runs/hub/hub-run-tasks.js';
import { launchHub, planHubFleet, runHubLoad } from '../runs/index.js';
import { createBrokerAuthPolicy, startEmbeddedBroker } from '../src/broker/index.js';
import { FLEETCERT_BIN } from '../test/support/fleetcert-cli.js';
import { referenceModel } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';
import { cpuWindow } from './load/cpu-sampler.js';

const { values } = parseBenchArgs(import.meta.url, {
  devices: { type: 'string', default: '200' },
  seconds: { type: 'string', default: '10' },
  json: { type: 'boolean', default: false },
  // Diagnosis only (the goal is judged on the default): the checked load's request mix.
  mix: { type: 'string', default: 'get=6,set=3,action=1' },
});
const devices = Number(values.devices);
const mix = Object.fromEntries(
  values.mix.split(',').map((part) => {
    const [kind, weight] = part.split('=');
    return [kind, Number(weight)];
  }),
);
const seconds = Number(values.seconds);
const CONNECTIONS = 8;
const IN_FLIGHT = 16;
const HUB = [process.execPath, FLEETCERT_BIN, 'hub', '--log-level', 'warn'];
const split = [Math.ceil(devices / 2), Math.floor(devices * 0.3), 0];
split[2] = devices - split[0]! - split[1]!;
const FLEET = (['bulb', 'purifier', 'tv'] as const).map((type, i) => ({
  type,
  model: referenceModel(type),
  count: split[i]!,
}));

type Cpu = { selfMsPerS: number; childrenMsPerS: number };

async function bareLoop(): Promise<{ perS: number; p50: number; p99: number; cpu: Cpu }> {
  const hubPassword = secret();
  const deviceToken = secret();
  const broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: hubRunTokens(hubPassword, deviceToken) }),
  });
  const planned = planHubFleet(FLEET);
  const fleet = await startHubFleet({
    devices: planned,
    brokerUrl: broker.url,
    deviceToken,
    wsToken: '',
    seed: 1,
  });
  const listen = `127.0.0.1:${await freeLoopbackPort()}`;
  const hub = await launchHub({
    command: HUB,
    config: {
      listen,
      mqtt: { url: broker.url, username: 'controller:hub', password: hubPassword },
      deadline_ms: 2000,
      apps: [{ token: 'bench', devices: '*' }],
    },
  });
  const ids = planned.map((d) => d.deviceId);
  const histogram = createHistogram();
  let answered = 0;
  let counting = false;
  let stop = false;
  try {
    await new Promise((r) => setTimeout(r, 2000)); // the hub finds the devices from their presence
    const sockets = await Promise.all(
      Array.from(
        { length: CONNECTIONS },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const s = new WebSocket(hubUrl(listen), {
              headers: { authorization: 'Bearer bench' },
              maxPayload: 1024 * 1024,
              perMessageDeflate: false,
            });
            s.once('open', () => resolve(s));
            s.once('error', reject);
          }),
      ),
    );
    const finished = sockets.map(
      (socket, c) =>
        new Promise<void>((done) => {
          let next = 1;
          const sentAt = new Map<number, number>();
          const send = () => {
            if (stop) {
              if (sentAt.size === 0) done();
              return;
            }
            const id = next++;
            sentAt.set(id, performance.now());
            const deviceId = ids[(id * 7 + c) % ids.length];
            socket.send(
              JSON.stringify({
                id,
                method: 'devices.get_properties',
                params: { deviceId, items: [{ siid: 1, piid: 1 }] },
              }),
            );
          };
          socket.on('message', (data) => {
            const message = JSON.parse(data.toString()) as { id?: number };
            if (typeof message.id !== 'number') return;
            const t = sentAt.get(message.id);
            sentAt.delete(message.id);
            if (t !== undefined && counting) {
              answered++;
              recordMs(histogram, performance.now() - t);
            }
            send();
          });
          for (let i = 0; i < IN_FLIGHT; i++) send();
        }),
    );
    await new Promise((r) => setTimeout(r, 1000)); // warm-up, not counted
    counting = true;
    const from = performance.now();
    const cpuEnd = cpuWindow();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = cpuEnd();
    const spanS = (performance.now() - from) / 1000;
    counting = false;
    stop = true;
    await Promise.race([Promise.all(finished), new Promise((r) => setTimeout(r, 5000))]);
    for (const socket of sockets) socket.terminate();
    return {
      perS: answered / spanS,
      p50: percentileMs(histogram, 50),
      p99: percentileMs(histogram, 99),
      cpu,
    };
  } finally {
    await hub.stop();
    await fleet.stop();
    await broker.close();
  }
}

/** CPU of the checked run's traffic window (this process: broker, devices, generator; children: the hub). */
let checkedCpu: Cpu | undefined;

async function checkedLoad(ratePerS: number) {
  const validation = validateScenario({
    name: 'bench-hub',
    seed: 1,
    fleet: FLEET.map((g) => ({ type: g.type, count: g.count })),
    stages: [{ hold: `${seconds}s` }],
    requests: { rate: `${Math.round(ratePerS)}/s`, mix },
    hub: {
      command: 'fleetcert hub --log-level warn',
      drain: '2s',
      // As the bare loop's uncounted second in its warmed process: the threads and the hub start
      // cold, and their first seconds filled every window (docs/evidence/load.md).
      warmup: '5s',
      apps: [{ token: 'bench', devices: '*', connections: CONNECTIONS, subscribe: 'none' }],
    },
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  return runHubLoad(validation.scenario, {
    version: 'bench',
    // The traffic begins: measure CPU over the hold, as the bare loop's counting window.
    onLive: () => {
      const cpuEnd = cpuWindow();
      setTimeout(() => {
        checkedCpu = cpuEnd();
      }, seconds * 1000).unref();
    },
    resolveCommand: (words) =>
      words[0] === 'fleetcert' ? [process.execPath, FLEETCERT_BIN, ...words.slice(1)] : words,
  });
}

const bare = await bareLoop();
const offered = bare.perS * 0.8;
const result = await checkedLoad(offered);
const hubCounts = result.counters.hub!;
const windowS = seconds;
const checkedPerS = hubCounts.answered / windowS;
const { decodeHistogram, summarize } = await import('../load/measure/histogram.js');
const rtt = summarize(decodeHistogram(result.histograms.hub!));
const lateNote =
  result.notes.find((n) => n.includes('after their intended time')) ??
  'no command left more than 100 ms late';
const hubErrors =
  hubCounts.lost +
  hubCounts.wrong +
  hubCounts.misdelivered +
  hubCounts.wrongApp +
  hubCounts.forwardedTwice +
  hubCounts.duplicated;
process.stdout.write(
  [
    `bench:load-hub  reference hub, ${devices} MQTT devices on the embedded broker, ${CONNECTIONS} app connections, ${seconds} s per phase`,
    `  bare Hub API loop  ${Math.round(bare.perS)} answers/s (closed loop, ${IN_FLIGHT} in flight per connection), p50 ${bare.p50.toFixed(2)} ms  p99 ${bare.p99.toFixed(2)} ms`,
    `  fleetcert checked  offered ${Math.round(offered)}/s (80 %), ${Math.round(checkedPerS)} checked answers/s, ${hubCounts.sent} sent, ${hubCounts.answered} answered, errors ${hubErrors}, -4013 busy ${hubCounts.busy}, -4011 ${hubCounts.timeout}, -4010 ${hubCounts.offline}; rtt p50 ${rtt?.p50Ms.toFixed(2)} ms  p99 ${rtt?.p99Ms.toFixed(2)} ms`,
    `  CPU  bare: this process (broker, devices, app loop) ${cpuText(bare.cpu.selfMsPerS, bare.perS)}, hub ${cpuText(bare.cpu.childrenMsPerS, bare.perS)}`,
    `       checked: this process (broker, devices, generator, checks) ${cpuText(checkedCpu?.selfMsPerS, checkedPerS)}, hub ${cpuText(checkedCpu?.childrenMsPerS, checkedPerS)}`,
    `  ratio  checked / bare = ${((checkedPerS / bare.perS) * 100).toFixed(1)} %`,
    `  ${lateNote}`,
    '',
  ].join('\n'),
);
if (values.json)
  process.stdout.write(
    `${JSON.stringify({
      devices,
      connections: CONNECTIONS,
      bareAnswersPerS: bare.perS,
      bareP50Ms: bare.p50,
      bareP99Ms: bare.p99,
      offeredPerS: offered,
      checkedAnswersPerS: checkedPerS,
      sent: hubCounts.sent,
      answered: hubCounts.answered,
      errors: hubErrors,
      busy: hubCounts.busy,
      p50Ms: rtt?.p50Ms,
      p99Ms: rtt?.p99Ms,
      lateNote,
      bareCpu: bare.cpu,
      checkedCpu,
    })}\n`,
  );

/** `N ms/s = M µs/answer` (1000 ms/s is one core busy). */
function cpuText(msPerS: number | undefined, answersPerS: number): string {
  if (msPerS === undefined || !Number.isFinite(msPerS)) return 'n/a';
  return `${Math.round(msPerS)} ms/s = ${((msPerS * 1000) / answersPerS).toFixed(0)} µs/answer`;
}

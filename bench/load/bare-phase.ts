/**
 * The reference for `npm run bench:load`: bare MQTT.js doing the same traffic as a load run
 * with none of its work: N device clients that echo every request on their reply topic,
 * controllers subscribed per device (as fleetcert's are, to `rpc/reply` and `events`) that
 * keep a window of requests in flight as fast as the broker turns them round. The same mix of
 * messages as the checked load: 23.5 % of requests are followed by a `properties_changed` on
 * the device's `events` (fleetcert's sets and actions), and 80 % of the devices publish
 * telemetry at TELEMETRY_HZ (its bulbs and purifiers). No JSON, no engine, no checking.
 * With RATE (requests/s), the controllers send on a 1 ms timer at that rate instead (open model,
 * as fleetcert does): what the same traffic costs bare at the checked load's own rate.
 * Run in its own process: node --import tsx bench/load/bare-phase.ts URL DEVICES SECONDS [TELEMETRY_HZ [RATE]]
 * Prints one JSON line: { "messagesPerS", "requestsPerS", "cpuMsPerS", "windowStart", "windowEnd" }
 * (epoch ms; cpuMsPerS: this process's CPU over the window, 1000 = one core).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { startCpuSampler } from './cpu-sampler.js';

const [url = '', devicesText = '5000', secondsText = '10', telemetryText = '0', rateText = '0'] =
  process.argv.slice(2);
const openRatePerS = Number(rateText);
const devices = Number(devicesText);
const seconds = Number(secondsText);
const telemetryPeriodMs = Number(telemetryText) > 0 ? 1000 / Number(telemetryText) : 0;
/**
 * Of every 200 requests a device answers, this many change a property: fleetcert's 3 sets and
 * 1 action in 10, less those that leave the value as it was (bench/load.ts MESSAGES_PER_REQUEST).
 */
const NOTIFYING_OF_200 = 47;
const NOTIFICATION = '{"method":"properties_changed","params":[{"siid":2,"piid":1,"value":true}]}';
const telemetry = (value: number) =>
  `{"method":"properties_changed","params":[{"siid":3,"piid":1,"value":${value}}]}`;
const CONTROLLERS = 4;
const WINDOW_PER_CONTROLLER = 256;
const CONNECT_WINDOW = 256;
const QOS1 = { qos: 1 } as const;
const id = (i: number) => `bare-${String(i + 1).padStart(5, '0')}`;

function connect(options: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      clean: true,
      keepalive: 60,
      reconnectPeriod: 0,
      protocolVersion: 4,
      ...options,
    });
    client.once('connect', () => resolve(client));
    client.once('error', reject);
  });
}

async function main(): Promise<void> {
  const clients: MqttClient[] = [];
  let served = 0;
  const timers: NodeJS.Timeout[] = [];
  const senders: (() => void)[] = [];
  let next = 0;
  const worker = async () => {
    while (next < devices) {
      const i = next++;
      const client = await connect({ clientId: id(i) });
      const reply = `edp/1/${id(i)}/rpc/reply`;
      const events = `edp/1/${id(i)}/events`;
      client.on('message', (_topic, payload) => {
        client.publish(reply, payload, QOS1);
        // Counted over all devices (each sees only a few requests a second); 7 is prime to
        // 200, so the notifying requests are spread evenly over every 200.
        if ((served++ * 7) % 200 < NOTIFYING_OF_200) client.publish(events, NOTIFICATION, QOS1);
      });
      await client.subscribeAsync(`edp/1/${id(i)}/rpc`, QOS1);
      clients.push(client);
      // Bulbs and purifiers carry telemetry in the checked load: 8 devices in 10 here.
      if (telemetryPeriodMs > 0 && i % 10 < 8) {
        let sequence = 0;
        const first = setTimeout(
          () => {
            timers.push(
              setInterval(() => client.publish(events, telemetry(sequence++), QOS1), telemetryPeriodMs),
            );
          },
          ((i * 7919) % 1000) * (telemetryPeriodMs / 1000),
        );
        timers.push(first);
      }
    }
  };
  await Promise.all([...Array(CONNECT_WINDOW).keys()].map(worker));

  let requests = 0;
  let replies = 0;
  let counting = false;
  let stopping = false;
  const controllers = await Promise.all(
    [...Array(CONTROLLERS).keys()].map((c) => connect({ clientId: `bare_controller_${c}` })),
  );
  await Promise.all(
    controllers.map(async (controller, c) => {
      const mine = [...Array(devices).keys()].filter((i) => i % CONTROLLERS === c);
      for (let k = 0; k < mine.length; k += 250)
        await controller.subscribeAsync(
          mine.slice(k, k + 250).flatMap((i) => [`edp/1/${id(i)}/rpc/reply`, `edp/1/${id(i)}/events`]),
          QOS1,
        );
      let cursor = 0;
      const send = () => {
        const device = mine[cursor++ % mine.length] as number;
        controller.publish(
          `edp/1/${id(device)}/rpc`,
          `{"id":${cursor},"method":"get_properties","params":[{"siid":2,"piid":1}]}`,
          QOS1,
        );
        if (counting) requests++;
      };
      controller.on('message', (topic) => {
        if (topic.endsWith('/events')) return;
        if (counting) replies++;
        if (!stopping && !(openRatePerS > 0)) send();
      });
      if (openRatePerS > 0) senders.push(send);
      else for (let w = 0; w < WINDOW_PER_CONTROLLER; w++) send();
    }),
  );
  if (openRatePerS > 0) {
    // Open model: every millisecond, whatever is due by now, round robin over the controllers.
    const start = performance.now();
    let sent = 0;
    const tick = () => {
      if (stopping) return;
      const due = Math.floor(((performance.now() - start) * openRatePerS) / 1000);
      for (; sent < due; sent++) (senders[sent % senders.length] as () => void)();
      timers.push(setTimeout(tick, 1));
    };
    tick();
  }
  await new Promise((resolve) => setTimeout(resolve, 1000)); // warm up
  const cpu = startCpuSampler();
  counting = true;
  const windowStart = Date.now();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  counting = false;
  const elapsedS = (performance.now() - t0) / 1000;
  const windowEnd = Date.now();
  stopping = true;
  cpu.stop();
  for (const timer of timers) clearTimeout(timer);
  process.stdout.write(
    `${JSON.stringify({ messagesPerS: (requests + replies) / elapsedS, requestsPerS: replies / elapsedS, cpuMsPerS: cpu.between(windowStart, windowEnd), windowStart, windowEnd })}\n`,
  );
  await Promise.all([...clients, ...controllers].map((client) => client.endAsync(true)));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bare phase failed: ${String(error)}\n`);
    process.exit(1);
  },
);

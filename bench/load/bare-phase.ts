/**
 * The reference for `npm run bench:load`: bare MQTT.js doing the same traffic as a load run
 * with none of its work: N device clients that echo every request on their reply topic,
 * controllers subscribed per device (as fleetcert's are) that keep a window of requests in
 * flight as fast as the broker turns them round. No JSON, no engine, no checking.
 * Run in its own process: node --import tsx bench/load/bare-phase.ts URL DEVICES SECONDS
 * Prints one JSON line: { "messagesPerS", "requestsPerS", "cpuMsPerS", "windowStart", "windowEnd" }
 * (epoch ms; cpuMsPerS: this process's CPU over the window, 1000 = one core).
 */
import mqtt, { type MqttClient } from 'mqtt';
import { startCpuSampler } from './cpu-sampler.js';

const [url = '', devicesText = '5000', secondsText = '10'] = process.argv.slice(2);
const devices = Number(devicesText);
const seconds = Number(secondsText);
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
  let next = 0;
  const worker = async () => {
    while (next < devices) {
      const i = next++;
      const client = await connect({ clientId: id(i) });
      const reply = `edp/1/${id(i)}/rpc/reply`;
      client.on('message', (_topic, payload) => client.publish(reply, payload, QOS1));
      await client.subscribeAsync(`edp/1/${id(i)}/rpc`, QOS1);
      clients.push(client);
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
      for (let k = 0; k < mine.length; k += 500)
        await controller.subscribeAsync(
          mine.slice(k, k + 500).map((i) => `edp/1/${id(i)}/rpc/reply`),
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
      controller.on('message', () => {
        if (counting) replies++;
        if (!stopping) send();
      });
      for (let w = 0; w < WINDOW_PER_CONTROLLER; w++) send();
    }),
  );
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

/**
 * The reference: bare MQTT.js clients doing what a device must do to come online and nothing
 * else: connect with a will, subscribe to `rpc`, publish retained presence. `--variant tuned`
 * gives MQTT.js the same client options the fleet uses (no per-client debug logger, keepalive
 * on a shared wheel), so its ratio isolates what the simulation itself costs; `--variant model`
 * also publishes a retained model document (2.9 KB, the purifier's) as a device does.
 * Run by bench/fleet.ts in its own process: node --expose-gc --import tsx bench/fleet/bare-phase.ts URL[,URL…] COUNT WINDOW VARIANT
 */
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { realClock } from '../../simulators/clock/real-clock.js';
import { TimerWheel } from '../../simulators/clock/timer-wheel.js';
import { settledMemory } from './memory.js';
import { reportConnected, send } from './phase-child.js';

const [urlList = '', countText = '1000', windowText = '256', variant = 'default'] = process.argv.slice(2);
const urls = urlList.split(',');
const count = Number(countText);
const window = Number(windowText);
const tuned = variant === 'tuned';
/** `model`: MQTT.js defaults, and the retained model document a device also publishes after connecting (section 5). */
const withModel = variant === 'model';
const MODEL = Buffer.from(
  JSON.stringify(
    JSON.parse(readFileSync(new URL('../../fixtures/models/purifier.json', import.meta.url), 'utf8')),
  ),
);
const noop = () => {};

async function main(): Promise<void> {
  const wheel = tuned ? new TimerWheel(realClock()) : undefined;
  const keepaliveTimer = wheel?.intervalTimer() as unknown as IClientOptions['timerVariant'];
  const baseline = await settledMemory();
  const clients: MqttClient[] = [];
  let started = 0;
  let inFlight = 0;
  let connected = 0;
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    const finish = () => {
      inFlight--;
      if (connected + errors === count) resolve();
      else pump();
    };
    const pump = () => {
      while (started < count && inFlight < window) {
        const id = `bare-${String(++started).padStart(5, '0')}`;
        inFlight++;
        const options: IClientOptions = {
          clientId: id,
          username: id,
          password: 'token',
          keepalive: 60,
          reconnectPeriod: 0,
          will: {
            topic: `edp/1/${id}/state`,
            payload: Buffer.from('{"online":false}'),
            qos: 1,
            retain: true,
          },
        };
        if (tuned) Object.assign(options, { log: noop, timerVariant: keepaliveTimer, resubscribe: false });
        // The same round-robin over the broker's addresses as the fleet's.
        const client = mqtt.connect(urls[(started - 1) % urls.length]!, options);
        clients.push(client);
        let done = false;
        const end = (ok: boolean) => {
          if (done) return;
          done = true;
          if (ok) connected++;
          else errors++;
          finish();
        };
        client.on('connect', () => {
          if (withModel) client.publish(`edp/1/${id}/model`, MODEL, { qos: 1, retain: true });
          client.subscribe(`edp/1/${id}/rpc`, { qos: 1 }, (error) => {
            if (error) return end(false);
            client.publish(
              `edp/1/${id}/state`,
              '{"online":true,"model":"bare","fw":"1.0.0"}',
              { qos: 1, retain: true },
              (e) => end(!e),
            );
          });
        });
        client.on('error', () => end(false));
        client.on('close', () => end(false));
      }
    };
    pump();
  });
  await reportConnected({
    phase: `bare-${variant}`,
    target: count,
    baseline,
    cpu0,
    t0,
    counts: () => ({ connected, errors }),
  });
  const s0 = performance.now();
  // Reset, not close: a closing client keeps its port in TIME_WAIT for a minute, and 19,000 of
  // them would leave the next phase too few of the 28,000 ephemeral ports to connect from.
  for (const client of clients) (client.stream as { resetAndDestroy?: () => void }).resetAndDestroy?.();
  wheel?.stop();
  send({ type: 'stopped', stopMs: performance.now() - s0, graceful: 0 });
  process.exit(0);
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});

/**
 * Request round trips sampled while a fleet is up: a controller sends get_properties to
 * random devices at a steady rate and times each reply (sent → reply received), checking it.
 */
import mqtt from 'mqtt';
import { fleetDeviceId, indexWidth } from '../../simulators/fleet/device-ids.js';
import { parseFleetSpec } from '../../simulators/fleet/fleet-spec.js';
import { createRandom } from '../../src/random.js';

export interface RoundTrips {
  readonly sent: number;
  readonly answered: number;
  readonly wrong: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

const TIMEOUT_MS = 5_000;

export async function sampleRoundTrips(
  url: string,
  mix: string,
  samples: number,
  perSecond: number,
): Promise<RoundTrips> {
  const ids = parseFleetSpec(mix).flatMap((g) =>
    Array.from({ length: g.count }, (_, i) => fleetDeviceId('', g.name, i + 1, indexWidth(g.count))),
  );
  const client = await mqtt.connectAsync(url, {
    clientId: 'bench_controller',
    username: 'controller:bench',
    password: 'token',
    reconnectPeriod: 0,
  });
  const pending = new Map<number, { sentAt: number; deviceId: string }>();
  const times: number[] = [];
  let wrong = 0;
  client.on('message', (_topic, payload) => {
    const reply = JSON.parse(payload.toString('utf8')) as {
      id: number;
      result?: { code: number; value?: unknown }[];
    };
    const request = pending.get(reply.id);
    if (!request) return;
    pending.delete(reply.id);
    times.push(performance.now() - request.sentAt);
    const serial = reply.result?.[0];
    if (serial?.code !== 0 || serial.value !== request.deviceId) wrong++;
  });
  // No Nagle on the controller: a request must not wait for the ack of the one before.
  (client.stream as unknown as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  await client.subscribeAsync('edp/1/+/rpc/reply', { qos: 1 });
  const random = createRandom(2024);
  const start = performance.now();
  for (let i = 0; i < samples; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const deviceId = random.pick(ids);
    const id = i + 1;
    pending.set(id, { sentAt: performance.now(), deviceId });
    // Serial number (1, 3) is the device id: an answer from the wrong device shows.
    client.publish(
      `edp/1/${deviceId}/rpc`,
      JSON.stringify({ id, method: 'get_properties', params: [{ siid: 1, piid: 3 }] }),
      { qos: 1 },
    );
  }
  const deadline = performance.now() + TIMEOUT_MS;
  while (pending.size > 0 && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await client.endAsync();
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  return {
    sent: samples,
    answered: times.length,
    wrong,
    p50: at(0.5),
    p99: at(0.99),
    max: times.at(-1) ?? Number.NaN,
  };
}

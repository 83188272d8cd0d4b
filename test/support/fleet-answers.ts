/**
 * Does every device of a fleet answer? A controller on each broker collects the retained
 * presence (EDP-MQTT-1: which devices are online, and where), then sends one get_properties of
 * the serial number (1, 3) to every device through the broker it is on and checks that the
 * reply comes from that device with its own id (EDP-RPC-1). Used by test/fleet/fleet-workers.test.ts
 * (a few hundred devices) and bench/fleet (60,000), so both prove the same thing.
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface FleetAnswers {
  /** Devices whose retained presence said online, on exactly one broker. */
  readonly online: number;
  /** Online devices per broker, in the order of the URLs. */
  readonly perBroker: readonly number[];
  /** Expected devices never seen online, and devices seen online on two brokers. */
  readonly missing: readonly string[];
  readonly duplicated: readonly string[];
  /** Ids online that were not expected (another fleet on the broker, or a wrong id). */
  readonly unexpected: number;
  readonly sent: number;
  /** Replies with the request's id, from the device asked, carrying its own serial number. */
  readonly answered: number;
  /** Replies that did not (wrong device, wrong value, an error code). */
  readonly wrong: number;
  /** Time to collect presence, and to send every request and get the answers. */
  readonly presenceMs: number;
  readonly requestsMs: number;
}

export interface FleetAnswersOptions {
  /** Controller token (the MQTT password). Default `token`. */
  readonly password?: string;
  /** Requests in flight at once (all brokers together). Default 2,000. */
  readonly window?: number;
  /** Give up waiting for presence or answers after this long. Default 30 s each. */
  readonly timeoutMs?: number;
}

interface Pending {
  readonly deviceId: string;
}

const SERIAL = { siid: 1, piid: 3 } as const;

export async function checkFleetAnswers(
  brokerUrls: readonly string[],
  expectedIds: readonly string[],
  options: FleetAnswersOptions = {},
): Promise<FleetAnswers> {
  const window = options.window ?? 2_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const expected = new Set(expectedIds);
  const brokerOf = new Map<string, number>();
  const duplicated = new Set<string>();
  let unexpected = 0;
  const pending = new Map<number, Pending>();
  let answered = 0;
  let wrong = 0;
  let wake: (() => void) | undefined;
  const clients: MqttClient[] = [];
  try {
    const t0 = performance.now();
    for (const [index, url] of brokerUrls.entries()) {
      const client = await mqtt.connectAsync(url, {
        clientId: `fleet_answers_${index}_${process.pid}`,
        username: `controller:fleet-answers-${index}`,
        password: options.password ?? 'token',
        reconnectPeriod: 0,
      });
      (client.stream as unknown as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      clients.push(client);
      client.on('message', (topic, payload) => {
        const [, , deviceId = '', kind, sub] = topic.split('/');
        if (kind === 'state' && sub === undefined) {
          const online =
            payload.length > 0 && (JSON.parse(payload.toString('utf8')) as { online?: unknown }).online;
          if (online !== true) return;
          if (!expected.has(deviceId)) unexpected++;
          else if (brokerOf.has(deviceId) && brokerOf.get(deviceId) !== index) duplicated.add(deviceId);
          else brokerOf.set(deviceId, index);
        } else if (kind === 'rpc' && sub === 'reply') {
          const reply = JSON.parse(payload.toString('utf8')) as {
            id?: number;
            result?: { code?: number; value?: unknown }[];
          };
          const request = typeof reply.id === 'number' ? pending.get(reply.id) : undefined;
          if (request === undefined) return;
          pending.delete(reply.id!);
          const serial = reply.result?.[0];
          if (request.deviceId === deviceId && serial?.code === 0 && serial.value === deviceId) answered++;
          else wrong++;
        } else return;
        wake?.();
      });
      await client.subscribeAsync(['edp/1/+/state', 'edp/1/+/rpc/reply'], { qos: 1 });
    }
    await until(
      () => brokerOf.size >= expected.size,
      timeoutMs,
      (w) => {
        wake = w;
      },
    );
    const presenceMs = performance.now() - t0;

    const t1 = performance.now();
    const devices = [...brokerOf];
    let next = 0;
    const fill = () => {
      while (next < devices.length && pending.size < window) {
        const [deviceId, index] = devices[next]!;
        const id = ++next;
        pending.set(id, { deviceId });
        clients[index]!.publish(
          `edp/1/${deviceId}/rpc`,
          JSON.stringify({ id, method: 'get_properties', params: [SERIAL] }),
          { qos: 1 },
        );
      }
    };
    fill();
    await until(
      () => {
        fill();
        return next >= devices.length && pending.size === 0;
      },
      timeoutMs,
      (w) => {
        wake = w;
      },
    );
    const perBroker = brokerUrls.map((_, i) => devices.filter(([, b]) => b === i).length);
    return {
      online: brokerOf.size,
      perBroker,
      missing: expectedIds.filter((id) => !brokerOf.has(id)),
      duplicated: [...duplicated],
      unexpected,
      sent: next,
      answered,
      wrong,
      presenceMs,
      requestsMs: performance.now() - t1,
    };
  } finally {
    wake = undefined;
    await Promise.all(clients.map((c) => c.endAsync(true)));
  }
}

/**
 * Resolves once `done()` holds (checked on every message through `setWake`, and every 100 ms),
 * or after `timeoutMs` whatever it says: the caller reports what was missing.
 */
function until(done: () => boolean, timeoutMs: number, setWake: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const deadline = performance.now() + timeoutMs;
    const finish = () => {
      clearInterval(timer);
      setWake(() => {});
      resolve();
    };
    const check = () => {
      if (done() || performance.now() > deadline) finish();
    };
    const timer = setInterval(check, 100);
    setWake(check);
    check();
  });
}

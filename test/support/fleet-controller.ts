/**
 * A small MQTT controller for fleet tests: logs in as `controller:NAME`, subscribes to every
 * device's state, model, replies and events, sends requests with fresh ids, and waits for
 * what a test needs.
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface Received {
  readonly deviceId: string;
  readonly kind: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface FleetController {
  readonly client: MqttClient;
  readonly received: Received[];
  request(deviceId: string, method: string, params?: unknown): Promise<Record<string, unknown>>;
  waitFor(match: (r: Received) => boolean, timeoutMs?: number, what?: string): Promise<Received>;
  close(): Promise<void>;
}

let nextId = 1_000;

export async function connectFleetController(
  url: string,
  options: { password?: string; name?: string } = {},
): Promise<FleetController> {
  const client = await mqtt.connectAsync(url, {
    username: `controller:${options.name ?? 'test'}`,
    password: options.password ?? 'controller-token',
    clientId: `controller_${Math.random().toString(16).slice(2, 10)}`,
    reconnectPeriod: 0,
  });
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload) => {
    const [, , deviceId, ...rest] = topic.split('/');
    let body: Record<string, unknown>;
    try {
      body = payload.length === 0 ? {} : (JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
    } catch {
      body = { raw: payload.toString('utf8') };
    }
    received.push({ deviceId: deviceId ?? '', kind: rest.join('/'), body, at: performance.now() });
    for (const wake of [...waiters]) wake();
  });
  await client.subscribeAsync(['edp/1/+/state', 'edp/1/+/model', 'edp/1/+/rpc/reply', 'edp/1/+/events'], {
    qos: 1,
  });
  const waitFor: FleetController['waitFor'] = (match, timeoutMs = 5_000, what = 'a matching message') =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = received.find(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  return {
    client,
    received,
    waitFor,
    async request(deviceId, method, params) {
      const id = nextId++;
      await client.publishAsync(
        `edp/1/${deviceId}/rpc`,
        JSON.stringify(params === undefined ? { id, method } : { id, method, params }),
        { qos: 1 },
      );
      const reply = await waitFor(
        (r) => r.deviceId === deviceId && r.kind === 'rpc/reply' && r.body.id === id,
        5_000,
        `the reply to ${method} ${id} from ${deviceId}`,
      );
      return reply.body;
    },
    close: () => client.endAsync(),
  };
}

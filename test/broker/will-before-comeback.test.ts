/**
 * What the hub judge's reading of presence relies on (issue 18, the false -4010 "seen once"): on
 * the embedded broker a device's will is out before its comeback's online presence, also when the
 * device comes back before the broker has noticed its cut (no wait for the broker to see it leave),
 * and when the comeback takes over its client id. So a hub reading `state` in order never ends on
 * a stale `false` after a comeback; a hub still offline in its view after a comeback was only
 * late to hear it (the judge's window, widened by its own stalls, covers that).
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';

const STATE = 'edp/1/bulb-0001/state';
const device: IClientOptions = {
  username: 'bulb-0001',
  password: 'token',
  clientId: 'bulb-0001',
  reconnectPeriod: 0,
  will: { topic: STATE, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
};

let broker: EmbeddedBroker | undefined;
const clients: MqttClient[] = [];
afterEach(async () => {
  for (const c of clients) c.end(true);
  clients.length = 0;
  await broker?.close();
});

/** A controller that records every presence payload, and resolves once it has `count` of them. */
async function presenceWatcher(url: string) {
  const seen: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const ctl = await mqtt.connectAsync(url, { username: 'controller:hub', password: 'x', clientId: 'hub' });
  clients.push(ctl);
  ctl.on('message', (_topic, payload) => {
    seen.push(payload.toString());
    for (const w of waiters) if (seen.length >= w.count) w.resolve();
  });
  await ctl.subscribeAsync(STATE, { qos: 1 });
  return {
    seen,
    until: (count: number) =>
      new Promise<void>((resolve) => (seen.length >= count ? resolve() : waiters.push({ count, resolve }))),
  };
}

async function comeBackRightAfterCut(cut: (first: MqttClient) => void): Promise<string[]> {
  broker = await startEmbeddedBroker({ port: 0 });
  const watcher = await presenceWatcher(broker.url);
  const first = await mqtt.connectAsync(broker.url, device);
  clients.push(first);
  await first.publishAsync(STATE, '{"online":true,"session":1}', { qos: 1, retain: true });
  await watcher.until(1);
  cut(first);
  // Back at once: no wait for the broker to see the first connection go.
  const second = await mqtt.connectAsync(broker.url, device);
  clients.push(second);
  await second.publishAsync(STATE, '{"online":true,"session":2}', { qos: 1, retain: true });
  await watcher.until(3);
  return watcher.seen;
}

describe('the embedded broker: a will comes before the comeback it raced', () => {
  it('the device cut its socket and came back at once', async () => {
    expect(await comeBackRightAfterCut((first) => first.stream.destroy())).toEqual([
      '{"online":true,"session":1}',
      '{"online":false}',
      '{"online":true,"session":2}',
    ]);
  });

  it('the broker never saw the first connection go: the comeback took its client id over', async () => {
    expect(await comeBackRightAfterCut((first) => first.stream.pause())).toEqual([
      '{"online":true,"session":1}',
      '{"online":false}',
      '{"online":true,"session":2}',
    ]);
  });
});

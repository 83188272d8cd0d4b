/**
 * The embedded broker against a hostile client (issue 12), on topics: no request retained and
 * replayed, presence and the model still retained, a device kept to its own tree and a
 * controller off a device's state (EDP-MQTT-3).
 */
import { describe, expect, it } from 'vitest';
import {
  controller,
  device,
  nextMessage,
  useHostileBroker,
} from '../../test/support/src/broker/hostile-client.js';

const { start, connect } = useHostileBroker();

describe('requests are never retained', () => {
  it('strips retain from a request: a device subscribing later never receives (or re-executes) it', async () => {
    const b = await start();
    const ctl = await connect(b.url, controller('a'));
    await ctl.publishAsync('edp/1/bulb-0001/rpc', '{"id":1,"method":"action","params":{"siid":2,"aiid":1}}', {
      qos: 1,
      retain: true,
    });
    const received: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      const bulb = await connect(b.url, device('bulb-0001'));
      bulb.on('message', (topic) => received.push(topic));
      await bulb.subscribeAsync('edp/1/bulb-0001/rpc', { qos: 1 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await bulb.endAsync();
    }
    expect(received).toEqual([]);
  });

  it('still retains presence and the model (section 5)', async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    await bulb.publishAsync('edp/1/bulb-0001/state', '{"online":true,"model":"m","fw":"1"}', {
      qos: 1,
      retain: true,
    });
    const ctl = await connect(b.url, controller('a'));
    const message = nextMessage(ctl);
    await ctl.subscribeAsync('edp/1/+/state', { qos: 1 });
    const [topic] = await message;
    expect(topic).toBe('edp/1/bulb-0001/state');
  });
});

describe('what held in the review, kept held', () => {
  it("refuses a device's subscription outside its own tree (SUBACK 128), recorded as EDP-MQTT-3", async () => {
    const b = await start();
    const bulb = await connect(b.url, device('bulb-0001'));
    const granted = await new Promise<number[]>((resolve) => {
      bulb.subscribe(['edp/1/plug-0002/rpc', 'edp/1/+/rpc', '#'], { qos: 1 }, (_e, _g, packet) =>
        resolve([...((packet as { granted?: number[] } | undefined)?.granted ?? [])]),
      );
    });
    expect(granted).toEqual([128, 128, 128]);
    expect(b.violations.list().map((v) => v.rule)).toEqual(['EDP-MQTT-3', 'EDP-MQTT-3', 'EDP-MQTT-3']);
  });

  it("refuses a controller's publish to a device's state (closing its connection); presence is unchanged", async () => {
    const b = await start();
    const ctl = await connect(b.url, controller('a'));
    const closed = new Promise<void>((resolve) => ctl.once('close', () => resolve()));
    ctl.publish('edp/1/bulb-0001/state', '{"online":true,"model":"fake","fw":"0"}', { qos: 1, retain: true });
    await closed;
    const reader = await connect(b.url, controller('b'));
    const seen: string[] = [];
    reader.on('message', (topic) => seen.push(topic));
    await reader.subscribeAsync('edp/1/+/state', { qos: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);
  });
});

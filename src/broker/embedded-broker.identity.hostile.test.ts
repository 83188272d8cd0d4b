/**
 * The embedded broker against a hostile client (issue 12), on identity: no device id taken over
 * by another login, no kept session for a device, no queue reaching another login, a refused
 * login logged once and truncated.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import {
  controller,
  device,
  logLines,
  nextMessage,
  TOKENS,
  useHostileBroker,
} from '../../test/support/src/broker/hostile-client.js';

const { start, connect, track } = useHostileBroker();

describe("identity: a device's id belongs to that device's own login", () => {
  it('refuses a controller using a device id as its client id; the device stays connected, no will is published', async () => {
    const b = await start();
    const wills: string[] = [];
    b.events.on('willPublished', (will) => wills.push(will.clientId));
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(`${refusal.returnCode} ${refusal.reason}`));
    await connect(b.url, device('bulb-0001'));
    await expect(connect(b.url, controller('a', { clientId: 'bulb-0001' }))).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.isConnected('bulb-0001')).toBe(true);
    expect(wills).toEqual([]);
    expect(refusals).toEqual([expect.stringMatching(/^2 client id "bulb-0001" is device bulb-0001's/)]);
  });

  it('a device takes its id back from a controller that presented it first; the controller may not return', async () => {
    const b = await start();
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(`${refusal.returnCode} ${refusal.reason}`));
    const squatter = await connect(b.url, controller('a', { clientId: 'plug-0002' }));
    const closed = new Promise<void>((resolve) => squatter.once('close', () => resolve()));
    const bulb = await connect(b.url, device('plug-0002'));
    await closed;
    expect(bulb.connected).toBe(true);
    expect(b.isConnected('plug-0002')).toBe(true);
    await bulb.endAsync();
    await expect(connect(b.url, controller('a', { clientId: 'plug-0002' }))).rejects.toThrow();
    expect(refusals).toEqual([expect.stringMatching(/^2 client id "plug-0002" is device plug-0002's/)]);
  });

  it('accepts a controller whose client id merely looks like a device id (as Paho and other clients make them)', async () => {
    const b = await start();
    const ctl = await connect(b.url, controller('a', { clientId: 'paho1733080412345' }));
    expect(ctl.connected).toBe(true);
  });

  it('refuses a device asking for a kept session (clean=false), naming section 5', async () => {
    const b = await start();
    const refusals: string[] = [];
    b.events.on('authRefused', (refusal) => refusals.push(refusal.reason));
    await expect(connect(b.url, device('bulb-0001', { clean: false }))).rejects.toThrow();
    expect(refusals).toEqual([
      'device bulb-0001 must connect with a clean session (docs/protocol.md, section 5: clean session on)',
    ]);
  });

  it("no queued message reaches another login: controller b cannot present controller a's kept session", async () => {
    const b = await start();
    const clientId = 'ctl_shared_session';
    const a = await connect(b.url, controller('a', { clientId, clean: false }));
    await a.subscribeAsync('edp/1/+/events', { qos: 1 });
    await a.endAsync();
    const bulb = await connect(b.url, device('bulb-0001'));
    await bulb.publishAsync('edp/1/bulb-0001/events', '{"method":"event_occurred"}', { qos: 1 });
    const stolen: string[] = [];
    const thief = mqtt.connect(b.url, { reconnectPeriod: 0, ...controller('b', { clientId, clean: false }) });
    track(thief);
    thief.on('message', (topic) => stolen.push(topic));
    const outcome = await new Promise<string>((resolve) => {
      thief.once('connect', () => resolve('connected'));
      thief.once('error', (error) => resolve(error.message));
    });
    expect(outcome).toMatch(/Identifier rejected/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stolen).toEqual([]);
    // Its owner still gets the queued message.
    const back = await connect(b.url, controller('a', { clientId, clean: false }));
    const [topic] = await nextMessage(back);
    expect(topic).toBe('edp/1/bulb-0001/events');
  });

  it('logs a refused long username once, truncated; a 60,000-character one is refused by size unread', async () => {
    const { lines, logger } = logLines();
    const b = await start({ logger });
    await expect(
      connect(b.url, { clientId: 'x_1', username: 'u'.repeat(5_000), password: 'p' }),
    ).rejects.toThrow();
    const refused = lines.filter((line) => line.includes('"auth-refused"'));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.length).toBeLessThan(1_000);
    await expect(
      connect(b.url, { clientId: 'x_2', username: 'u'.repeat(60_000), password: 'p' }),
    ).rejects.toThrow();
    const sized = lines.filter((line) => line.includes('"packet-refused"'));
    expect(sized).toHaveLength(1);
    expect(sized[0]?.length).toBeLessThan(1_000);
  });
});

describe('what held in the review, kept held', () => {
  it("refuses a device logging in with another device's token", async () => {
    const b = await start();
    await expect(connect(b.url, device('bulb-0001', { password: TOKENS['plug-0002'] }))).rejects.toThrow();
    expect(b.isConnected('bulb-0001')).toBe(false);
  });
});

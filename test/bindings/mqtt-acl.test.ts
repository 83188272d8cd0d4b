/**
 * EDP-MQTT-3 and section 5's login rules at the real `fleetcert broker` process, with Mosquitto's
 * own clients: a device reaching outside its tree is refused, and every refusal is logged with
 * who, what and why, never the password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, spawnFleetcert } from '../support/fleetcert-cli.js';
import { mosquittoPub, mosquittoSub } from '../support/mosquitto-clients.js';

const TOKEN = 'acl-test-s3cret';

interface LogLine {
  readonly msg: string;
  readonly event?: string;
  readonly [key: string]: unknown;
}

describe('fleetcert broker refuses and logs (EDP-MQTT-3)', () => {
  let broker: RunningCli;
  let port: number;

  const logLines = (): LogLine[] =>
    broker
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  beforeAll(async () => {
    broker = spawnFleetcert([
      'broker',
      '--port',
      '0',
      '--token',
      TOKEN,
      '--log-level',
      'info',
      '--log-format',
      'json',
    ]);
    port = Number((await broker.waitForStdout(/listening on mqtt:\/\/127\.0\.0\.1:(\d+)/))[1]);
  });
  afterAll(async () => {
    await broker.stop();
  });

  it("EDP-MQTT-3: a device publishing under another device's tree is refused and logged with who, what and why", async () => {
    const device = { port, username: 'bulb-0001', password: TOKEN, clientId: 'bulb-0001' };
    // The broker drops the connection of a refused publisher (MQTT 3.1.1 has no negative PUBACK).
    await mosquittoPub(device, 'edp/1/bulb-0002/state', '{"online":true}').catch(() => {});
    await broker.waitForStderr(/"event":"acl-refused".*"edp\/1\/bulb-0002\/state"/);
    const refusal = logLines().find((l) => l.event === 'acl-refused' && l.topic === 'edp/1/bulb-0002/state');
    expect(refusal).toMatchObject({
      clientId: 'bulb-0001',
      username: 'bulb-0001',
      action: 'publish',
      rule: 'EDP-MQTT-3',
      msg: 'device bulb-0001 may only publish to topics under edp/1/bulb-0001/, not "edp/1/bulb-0002/state"',
    });
  });

  it('refuses a device subscribing to every device rpc, and a controller subscribing to #', async () => {
    const device = mosquittoSub({ port, username: 'bulb-0001', password: TOKEN, clientId: 'bulb-0001' }, [
      'edp/1/+/rpc',
    ]);
    const hub = mosquittoSub({ port, username: 'controller:hub', password: TOKEN }, ['#']);
    try {
      await broker.waitForStderr(/"action":"subscribe".*"topic":"edp\/1\/\+\/rpc"/);
      await broker.waitForStderr(/"username":"controller:hub","action":"subscribe","topic":"#"/);
    } finally {
      await device.stop();
      await hub.stop();
    }
  });

  it('refuses a wrong token and a device whose client id is not its id, and never logs a password', async () => {
    await expect(
      mosquittoPub({ port, username: 'controller:hub', password: 'wrong-password-9' }, 'edp/1/x/rpc', '{}'),
    ).rejects.toThrow();
    await expect(
      mosquittoPub(
        { port, username: 'bulb-0001', password: TOKEN, clientId: 'not-bulb' },
        'edp/1/bulb-0001/state',
        '{}',
      ),
    ).rejects.toThrow();
    await broker.waitForStderr(/"event":"auth-refused".*wrong or missing token for controller:hub/);
    await broker.waitForStderr(/must connect with client id bulb-0001, not \\"not-bulb\\"/);
    expect(broker.stderr()).not.toContain(TOKEN);
    expect(broker.stderr()).not.toContain('wrong-password-9');
  });
});

/**
 * `--listen` semantics on a broker that already runs (the `npm start` demo's): the judge, given
 * the broker as the broker-control port it declares (conformance/certify/listen-broker.ts), joins it, runs the full MQTT suite (will, reconnect, ACL) for one device among others, counts
 * only its own run's ACL refusals, and leaves the broker and the other devices running.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { certifyDevice } from '../../conformance/certify/certify-device.js';
import { createBrokerAuthPolicy } from '../../src/broker/auth-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/embedded-broker.js';
import { sharedTokenPolicy } from '../../src/broker/token-policy.js';
import { modelSha256 } from '../../src/model/hash.js';
import { type RunningSimulator, referenceModel, startMqttSimulator } from '../support/reference-simulator.js';

const TOKEN = 'demo';
let broker: EmbeddedBroker | undefined;
const sims: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
  await broker?.close();
});

describe('certify on an embedded broker that already runs', () => {
  it('runs the full MQTT suite for one device and leaves the broker and the others running', async () => {
    broker = await startEmbeddedBroker({
      port: 0,
      auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
    });
    sims.push(await startMqttSimulator(broker.url, { type: 'bulb', deviceId: 'bulb-0001', token: TOKEN }));
    sims.push(
      await startMqttSimulator(broker.url, { type: 'purifier', deviceId: 'purifier-0001', token: TOKEN }),
    );
    // A refusal before the certification starts is not the certification's business.
    broker.violations.record({
      at: Date.now() - 1000,
      clientId: 'bulb-0001',
      username: 'bulb-0001',
      principal: 'device',
      deviceId: 'bulb-0001',
      action: 'publish',
      topic: 'edp/1/x/state',
      reason: 'earlier',
    });
    const model = referenceModel('bulb');
    const result = await certifyDevice({
      target: { mode: 'listen', broker, controllerToken: TOKEN },
      deviceId: 'bulb-0001',
      token: TOKEN,
      model: { model, sha256: modelSha256(model) },
      seed: 3,
      runs: 40,
      toolVersion: 'test',
    });
    expect(result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule)).toEqual([]);
    for (const rule of ['EDP-MQTT-1', 'EDP-MQTT-2', 'EDP-MQTT-3']) {
      expect(result.requirements.find((r) => r.rule === rule)?.verdict, rule).toBe('passed');
    }
    expect(broker.isConnected('purifier-0001')).toBe(true);
    expect(broker.isConnected('bulb-0001')).toBe(true);
  }, 60_000);
});

/**
 * QoS 1 telemetry (and replies) through a broker that redelivers: the controllers' link to
 * Mosquitto stalls (their PUBACKs are swallowed) and is then cut; the controllers come back to
 * their persistent sessions and Mosquitto sends the unacknowledged deliveries again. Those
 * copies are at-least-once working as meant: no loss, no duplicate, no error, each counted
 * `redelivered`. The devices reach Mosquitto directly; only the controllers' link breaks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadResult, loadScenarioFile, runLoad } from '../../load/index.js';
import { counterValue } from '../../load/measure/counters.js';
import { createSimulatedPool } from '../../load/runner/simulated-pool.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { type StallingRelay, startStallingRelay } from '../support/stalling-mqtt-relay.js';
import { writeScenario } from './scenario.js';

let mosquitto: RunningMosquitto;
let relay: StallingRelay;
let result: LoadResult;

beforeAll(async () => {
  mosquitto = await startMosquitto();
  relay = await startStallingRelay({
    upstreamPort: mosquitto.port,
    after: 60,
    stallFor: 20,
    topicMark: '/events',
  });
  const file = await writeScenario({
    idPrefix: 'q1-',
    // The controllers' reconnect (1 s) must not push answers past the deadline: lengthened (section 7 allows it).
    deadline: '6s',
    stages: [{ rampUp: '100/s' }, { hold: '4s' }],
    mqtt: { version: 4, qos: { telemetry: 1, requests: 1, replies: 1, notifications: 1 } },
    thresholds: [],
  });
  const scenario = await loadScenarioFile(file, { broker: relay.url });
  result = await runLoad(scenario, {
    version: 'test',
    createPool: (devices, options) => createSimulatedPool(devices, { ...options, broker: mosquitto.url }),
  });
}, 90_000);

afterAll(async () => {
  await relay?.stop();
  await mosquitto?.stop();
});

describe('QoS 1 redeliveries after a broken controller link', () => {
  it('the link was cut and Mosquitto redelivered', () => {
    expect(relay.cuts()).toBeGreaterThan(0);
    expect(result.counters.notify.redelivered + result.counters.rpc.redelivered).toBeGreaterThan(0);
  });

  it('telemetry: every update delivered, none lost, none counted twice', () => {
    const notify = result.counters.notify;
    expect(notify.published).toBeGreaterThan(100);
    expect(counterValue(result.counters, 'notify', 'lost')).toBe(0);
    expect(notify.delivered).toBe(notify.published);
    expect(notify.duplicated).toBe(0);
    expect(notify.redelivered).toBeGreaterThan(0);
    expect(counterValue(result.counters, 'notify', 'errors')).toBe(0);
  });

  it('requests: every one answered once as far as the count goes', () => {
    const rpc = result.counters.rpc;
    expect(rpc.answered).toBe(rpc.sent);
    expect(counterValue(result.counters, 'rpc', 'errors')).toBe(0);
  });
});

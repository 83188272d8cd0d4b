/**
 * A device written from PROTOCOL.md alone (test/support/independent-device.ts: no simulator code,
 * no judge code, its own tiny state machine) is certified over every binding and mode: proof
 * that the suites follow the protocol's words, not the habits of fleetcert's simulators.
 */
import { describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { certifySimulator } from '../support/certify-simulator.js';

const failures = (result: CertificationResult) =>
  result.requirements.flatMap((r) =>
    r.verdict === 'failed' ? [`${r.rule}: ${r.counterexample.summary}`] : [],
  );

describe('certify a device written outside fleetcert', () => {
  it('certifies it as a bulb over MQTT with the embedded broker (--listen)', async () => {
    const result = await certifySimulator({ type: 'bulb', mode: 'listen', independent: true, seed: 21 });
    expect(failures(result)).toEqual([]);
    expect(result.verdict).toBe('certified');
    expect(result.counts.passed).toBe(18);
  }, 60_000);

  it('certifies it as a TV over WebSocket', async () => {
    const result = await certifySimulator({ type: 'tv', mode: 'ws', independent: true, seed: 22 });
    expect(failures(result)).toEqual([]);
    expect(result.counts.passed).toBe(18);
  }, 60_000);

  it('certifies it with a model the reference devices do not have (write-only property, out, wrap) through an existing broker, reading its model from the retained topic', async () => {
    // No model given: certify reads the one the device keeps retained on its model topic.
    const result = await certifySimulator({
      type: 'keypad',
      mode: 'broker',
      independent: true,
      seed: 23,
      config: { model: undefined },
    });
    expect(failures(result)).toEqual([]);
    expect(result.counts.passed).toBe(15);
    expect(result.requirements.find((r) => r.rule === 'EDP-MQTT-2')).toMatchObject({ verdict: 'not-run' });
    expect(result.subject).toMatchObject({ kind: 'device' });
    expect(result.subject.kind === 'device' && result.subject.modelId).toBe('fleetcert.test.keypad.v1');
  }, 60_000);
});

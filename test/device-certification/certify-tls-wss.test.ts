/**
 * Issue 23, section 9's "or MQTT over wss://": the TLS listener serves MQTT over WebSocket
 * (wss://HOST:PORT/mqtt) with the same presentations before the upgrade. The reference simulator
 * dialing wss:// passes EDP-TLS-1..6 and every other rule through it; each planted TLS fault
 * fails its rule alone.
 */
import { describe, expect, it } from 'vitest';
import { TLS_RULE_IDS } from '../../conformance/tls/tls-presentations.js';
import { certifySimulatedDevice } from '../../runs/index.js';
import { FAULT_CATALOGUE } from '../../simulators/faults/catalogue.js';
import type { FaultName } from '../../simulators/faults/types.js';
import { modelSha256 } from '../../src/model/hash.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { TLS_FAULTS } from '../support/planted-bugs.js';
import { referenceModel } from '../support/reference-simulator.js';

async function certifyOverWss(options: {
  seed: number;
  fault?: FaultName;
  only?: readonly (typeof TLS_RULE_IDS)[number][];
}): Promise<CertificationResult> {
  const model = referenceModel('bulb');
  const outcome = await certifySimulatedDevice({
    device: {
      model,
      sha256: modelSha256(model),
      deviceId: 'bulb-0001',
      token: 'wss-test-token',
      telemetryPeriodMs: 250,
      backoff: { firstMs: 100, maxMs: 200 },
      ...(options.fault === undefined ? {} : { faults: [{ name: options.fault, rate: 1 }] }),
    },
    mode: 'listen',
    tls: { binding: 'ws' },
    certify: {
      seed: options.seed,
      runs: 5,
      toolVersion: 'test',
      ...(options.only === undefined ? {} : { only: options.only }),
    },
  });
  return outcome.result;
}

const failedRules = (result: CertificationResult) =>
  result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule);

describe('certify over wss:// (section 9, MQTT over WebSocket over TLS)', () => {
  it('the reference simulator passes EDP-TLS-1..6 and every other rule', async () => {
    const result = await certifyOverWss({ seed: 1 });
    expect(failedRules(result)).toEqual([]);
    expect(result.verdict).toBe('certified');
    for (const rule of TLS_RULE_IDS)
      expect(result.requirements.find((r) => r.rule === rule)?.verdict, rule).toBe('passed');
    expect(result.tls?.attempts).toHaveLength(9);
    expect(JSON.stringify(result)).not.toContain('wss-test-token');
  }, 300_000);

  it('each planted TLS fault fails its rule alone', async () => {
    const results = await Promise.all(
      TLS_FAULTS.map((fault) => certifyOverWss({ seed: 2, fault, only: TLS_RULE_IDS })),
    );
    for (const [i, fault] of TLS_FAULTS.entries()) {
      const rule = FAULT_CATALOGUE.find((f) => f.name === fault)?.breaks;
      expect(failedRules(results[i] as CertificationResult), fault).toEqual([rule]);
    }
  }, 300_000);
});

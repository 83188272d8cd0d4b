/**
 * Issue 23: the reference simulator certified over TLS (section 9) passes EDP-TLS-1..6 and the
 * usual rules through the TLS listener; each planted TLS fault fails its rule alone, seeds 1–10
 * (run concurrently: they wait on the device's backoff, not on the CPU). The simulator's
 * backoff is short here (first try within 100 ms); a partner's device takes its own.
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

function certifyOverTls(options: {
  seed: number;
  fault?: FaultName;
  only?: readonly (typeof TLS_RULE_IDS)[number][];
  runs?: number;
}): Promise<CertificationResult> {
  const model = referenceModel('bulb');
  return certifySimulatedDevice({
    device: {
      model,
      sha256: modelSha256(model),
      deviceId: 'bulb-0001',
      token: 'tls-test-token',
      telemetryPeriodMs: 250,
      backoff: { firstMs: 100, maxMs: 200 },
      ...(options.fault === undefined ? {} : { faults: [{ name: options.fault, rate: 1 }] }),
    },
    mode: 'listen',
    tls: {},
    certify: {
      seed: options.seed,
      runs: options.runs ?? 10,
      toolVersion: 'test',
      ...(options.only === undefined ? {} : { only: options.only }),
    },
  }).then((outcome) => outcome.result);
}

const verdicts = (result: CertificationResult) =>
  Object.fromEntries(
    result.requirements.filter((r) => r.rule.startsWith('EDP-TLS-')).map((r) => [r.rule, r.verdict]),
  );

describe('certify over TLS (section 9)', () => {
  it('the reference simulator passes EDP-TLS-1..6 and every other rule over TLS', async () => {
    const result = await certifyOverTls({ seed: 1 });
    expect(verdicts(result)).toEqual(Object.fromEntries(TLS_RULE_IDS.map((r) => [r, 'passed'])));
    expect(result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule)).toEqual([]);
    expect(result.verdict).toBe('certified');
    expect(result.tls?.attempts.map((a) => a.ok)).toEqual(result.tls?.attempts.map(() => true));
    expect(result.tls?.attempts).toHaveLength(9);
    expect(JSON.stringify(result)).not.toContain('tls-test-token');
  }, 300_000);

  for (const fault of TLS_FAULTS) {
    const rule = FAULT_CATALOGUE.find((f) => f.name === fault)?.breaks;
    it(`${fault} fails ${rule} alone, seeds 1–10`, async () => {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => certifyOverTls({ seed: i + 1, fault, only: TLS_RULE_IDS })),
      );
      for (const [i, result] of results.entries()) {
        const failed = result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule);
        expect(failed, `seed ${i + 1}`).toEqual([rule]);
        expect(JSON.stringify(result), `seed ${i + 1}`).not.toContain('tls-test-token');
      }
    }, 600_000);
  }
});

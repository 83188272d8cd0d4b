/**
 * The TLS judge (EDP-TLS-1..6) is proven, not exemplified: every observation a conformant device
 * can produce is judged clean, and every single planted fault is blamed on its rule alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientCertificateProblem } from '../../../conformance/tls/judge-client-certificate.js';
import { judgeTls } from '../../../conformance/tls/judge-tls.js';
import { TLS_PRESENTATIONS } from '../../../conformance/tls/tls-presentations.js';
import { DEVICE_ID, legalTlsObservation } from './legal-tls-observation.js';
import { TLS_MUTATORS } from './single-fault-tls.js';

/** One seed for every draw (determinism): another one with FLEETCERT_JUDGE_SEED. */
const SEED = Number(process.env.FLEETCERT_JUDGE_SEED ?? 23);
const RUNS = 300;

describe('TLS judge on legal observations (section 9)', () => {
  it('finds no violation in anything a conformant device does', () => {
    fc.assert(
      fc.property(legalTlsObservation(), (observation) => {
        const outcomes = judgeTls(observation);
        expect(outcomes.filter((o) => o.verdict === 'failed')).toEqual([]);
        if (observation.stopped === undefined)
          expect(outcomes.map((o) => o.verdict)).toEqual(outcomes.map(() => 'passed'));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('a device that never tried TLS has every rule not run, none passed', () => {
    const outcomes = judgeTls({
      deviceId: DEVICE_ID,
      attempts: [],
      plain: [],
      stopped: { cause: 'absent', waitedMs: 60_000 },
      durationMs: 60_000,
    });
    expect(outcomes.map((o) => o.verdict)).toEqual(outcomes.map(() => 'not-run'));
  });
});

describe('TLS judge on single-fault observations', () => {
  for (const mutator of TLS_MUTATORS) {
    it(`${mutator.name}: blamed on ${mutator.rule === 'presented' ? 'the presentation’s rule' : mutator.rule} alone`, () => {
      let applied = 0;
      fc.assert(
        fc.property(legalTlsObservation(), fc.nat(), (legal, pick) => {
          const mutated = mutator.mutate(legal, pick);
          if (mutated === undefined) return;
          applied++;
          const failed = judgeTls(mutated.observation).filter((o) => o.verdict === 'failed');
          expect(failed.map((o) => o.rule)).toEqual([mutated.rule]);
        }),
        { seed: SEED, numRuns: RUNS },
      );
      expect(applied).toBeGreaterThan(RUNS / 4);
    });
  }

  it('every presentation’s rule is reachable by a mutation', () => {
    const rules = new Set(TLS_PRESENTATIONS.map((p) => p.rule));
    expect([...rules].sort()).toEqual(['EDP-TLS-1', 'EDP-TLS-2', 'EDP-TLS-3', 'EDP-TLS-4', 'EDP-TLS-5']);
  });
});

describe('mutual TLS under EDP-TLS-1: which check failed, with the certificate shown', () => {
  const required = { ca: 'clients-ca.pem' };
  const mine = {
    presented: true,
    subject: 'CN=sensor-0001',
    commonName: 'sensor-0001',
    altNames: ['sensor-0001'],
    issuer: 'CN=clients CA',
    chainsToCa: true,
  } as const;
  it('no certificate, wrong CA, name other than the device id; none for the provisioned one', () => {
    expect(clientCertificateProblem({ presented: false }, DEVICE_ID, required)).toMatch(
      /^no certificate: .*clients-ca\.pem/,
    );
    expect(clientCertificateProblem(undefined, DEVICE_ID, required)).toMatch(/^no certificate/);
    expect(
      clientCertificateProblem(
        { ...mine, chainsToCa: false, verifyError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
        DEVICE_ID,
        required,
      ),
    ).toMatch(/^wrong CA: .*subject "CN=sensor-0001", SAN "sensor-0001".*UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(
      clientCertificateProblem(
        { ...mine, subject: 'CN=x', commonName: 'x', altNames: ['sensor-0002'] },
        DEVICE_ID,
        required,
      ),
    ).toMatch(/^name is not the device id: .*SAN "sensor-0002".*"sensor-0001"/);
    expect(clientCertificateProblem(mine, DEVICE_ID, required)).toBeUndefined();
    expect(clientCertificateProblem({ ...mine, altNames: [] }, DEVICE_ID, required)).toBeUndefined();
    expect(clientCertificateProblem({ ...mine, commonName: 'batch 7' }, DEVICE_ID, required)).toBeUndefined();
  });
});

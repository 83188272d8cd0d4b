/**
 * Issue 23, mutual TLS (section 9, judged under EDP-TLS-1): the good server asks for a client
 * certificate from the client CA (here the run's CA, the default) naming the device id. The
 * reference simulator with its own certificate passes every rule over TLS; without one, with
 * another device's, or with one from another CA, it fails EDP-TLS-1 alone, and the report shows
 * the certificate and which check failed.
 */
import { describe, expect, it } from 'vitest';
import { TLS_RULE_IDS } from '../../conformance/tls/tls-presentations.js';
import { certifySimulatedDevice } from '../../runs/index.js';
import { modelSha256 } from '../../src/model/hash.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import {
  certificateWithChainPem,
  createCertificateAuthority,
  type IssuedCertificate,
  issueCertificate,
} from '../../src/tls/index.js';
import { referenceModel } from '../support/reference-simulator.js';

const DEVICE_ID = 'bulb-0001';
const TOKEN = 'mutual-tls-token';

async function clientCertificate(ca: IssuedCertificate, deviceId: string) {
  const issued = await issueCertificate({ commonName: deviceId, altNames: [deviceId], usage: 'client' }, ca);
  return { certPem: certificateWithChainPem(issued), keyPem: issued.privateKeyPem };
}

async function certifyMutual(options: {
  readonly ca: IssuedCertificate;
  readonly certificate?: { readonly certPem: string; readonly keyPem: string };
  readonly only?: readonly string[];
  readonly runs?: number;
}): Promise<CertificationResult> {
  const model = referenceModel('bulb');
  const outcome = await certifySimulatedDevice({
    device: {
      model,
      sha256: modelSha256(model),
      deviceId: DEVICE_ID,
      token: TOKEN,
      telemetryPeriodMs: 250,
      backoff: { firstMs: 100, maxMs: 200 },
      ...(options.certificate === undefined ? {} : { clientCertificate: options.certificate }),
    },
    mode: 'listen',
    tls: { ca: options.ca, requireClientCertificate: {} },
    certify: {
      seed: 1,
      runs: options.runs ?? 10,
      toolVersion: 'test',
      ...(options.only === undefined ? {} : { only: options.only as (typeof TLS_RULE_IDS)[number][] }),
    },
  });
  return outcome.result;
}

const failedRules = (result: CertificationResult) =>
  result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule);
const goodAttempt = (result: CertificationResult) => result.tls?.attempts.find((a) => a.presented === 'good');

describe('certify --listen-tls --tls-require-client-cert (section 9, EDP-TLS-1)', () => {
  it('the reference simulator with its own certificate from the run’s CA passes every rule', async () => {
    const ca = await createCertificateAuthority('mutual run CA');
    const result = await certifyMutual({ ca, certificate: await clientCertificate(ca, DEVICE_ID), runs: 5 });
    expect(failedRules(result)).toEqual([]);
    expect(result.verdict).toBe('certified');
    expect(result.tls?.clientCa).toBe("the run's CA");
    expect(goodAttempt(result)?.observed).toContain('subject "CN=bulb-0001", SAN "bulb-0001"');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  }, 300_000);

  it('without a certificate, with another device’s, or from another CA: EDP-TLS-1 fails alone, naming the check', async () => {
    const ca = await createCertificateAuthority('mutual run CA');
    const otherCa = await createCertificateAuthority('a CA the broker does not know');
    const [none, otherDevice, foreign] = await Promise.all([
      certifyMutual({ ca, only: TLS_RULE_IDS }),
      certifyMutual({ ca, certificate: await clientCertificate(ca, 'bulb-0002'), only: TLS_RULE_IDS }),
      certifyMutual({ ca, certificate: await clientCertificate(otherCa, DEVICE_ID), only: TLS_RULE_IDS }),
    ]);
    const summary = (result: CertificationResult) => {
      const row = result.requirements.find((r) => r.rule === 'EDP-TLS-1');
      return row?.verdict === 'failed' ? row.counterexample.summary : '';
    };
    for (const result of [none, otherDevice, foreign]) {
      expect(failedRules(result)).toEqual(['EDP-TLS-1']);
      expect(goodAttempt(result)?.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
    expect(summary(none)).toMatch(/no certificate: the device presented no client certificate/);
    expect(goodAttempt(none)?.observed).toContain('client certificate: none');
    expect(summary(otherDevice)).toMatch(
      /name is not the device id: .*subject "CN=bulb-0002", SAN "bulb-0002".*"bulb-0001"/,
    );
    expect(summary(foreign)).toMatch(
      /wrong CA: .*subject "CN=bulb-0001".*issuer "CN=a CA the broker does not know"/,
    );
  }, 300_000);
});

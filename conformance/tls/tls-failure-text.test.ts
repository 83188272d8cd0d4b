/**
 * A TLS failure (section 9) reads right for a partner: what was presented, what the device
 * should have done and did, and how to fix it; never an internal presentation id or the
 * model-based suite's "Expected …; the device gave …".
 */
import { describe, expect, it } from 'vitest';
import { judgeTls, type TlsViolation } from './judge-tls.js';
import { tlsFailureSummary, tlsViolationText } from './tls-failure-text.js';
import type { TlsAttempt, TlsObservation } from './tls-observation.js';
import { TLS_PRESENTATIONS } from './tls-presentations.js';

const DEVICE = 'bulb-0001';
const connected = (presented: TlsAttempt['presented'], at: number): TlsAttempt => ({
  presented,
  at,
  endedAt: at + 5,
  handshake: 'completed',
  protocol: 'TLSv1.3',
  connect: { clientId: DEVICE },
});
const refused = (presented: TlsAttempt['presented'], at: number): TlsAttempt => ({
  presented,
  at,
  endedAt: at + 5,
  handshake: 'failed',
  detail: 'alert bad certificate',
});

/** A device that checks everything but the host name (Python ssl with check_hostname=False). */
function noHostnameCheck(): TlsObservation {
  const attempts = TLS_PRESENTATIONS.map((p, i) =>
    p.rule === 'EDP-TLS-4' || p.expect === 'accept' ? connected(p.kind, i * 100) : refused(p.kind, i * 100),
  );
  return { deviceId: DEVICE, attempts, plain: [], durationMs: 1000 };
}

describe('TLS failure text', () => {
  it('EDP-TLS-4 with check_hostname=False: presented, expected, did, and the fix', () => {
    const failed = judgeTls(noHostnameCheck()).filter((o) => o.verdict === 'failed');
    expect(failed.map((o) => o.rule)).toEqual(['EDP-TLS-4']);
    const outcome = failed[0]!;
    if (outcome.verdict !== 'failed') throw new Error('unreachable');
    expect(tlsViolationText(outcome.violations[0]!)).toBe(
      'Expected the device to refuse a certificate for another host name (presented: a certificate from the trusted CA for another host name); it completed the handshake (TLSv1.3) and sent CONNECT as "bulb-0001". Fix: verify the host name (EDP-TLS-4; e.g. Python ssl: check_hostname=True, the default of ssl.create_default_context(); mbedTLS: mbedtls_ssl_set_hostname).',
    );
    // Both EDP-TLS-4 presentations were accepted: the first in full, the other named.
    expect(tlsFailureSummary(outcome.violations)).toMatch(
      /\. \(1 more for this rule: a certificate from the trusted CA naming the host only in its common name \(no subject alternative name\); each attempt is listed under the TLS checks\)$/,
    );
  });

  it('every presentation mishandled reads as "Expected the device to …; it …. Fix: …", naming no internal id', () => {
    for (const p of TLS_PRESENTATIONS) {
      const violation: TlsViolation = {
        rule: p.rule,
        presented: p.kind,
        message: 'unused',
        did:
          p.expect === 'refuse'
            ? 'completed the handshake and sent CONNECT'
            : 'refused: aborted the handshake',
      };
      const text = tlsViolationText(violation);
      expect(text, p.kind).toMatch(
        /^Expected the device to (refuse|connect) .*\(presented: .*\); it .*\. Fix: .+\.$/,
      );
      expect(text, p.kind).toContain(p.description);
      // Internal ids that are not English (`self-signed`, `expired`, `good` are words).
      for (const id of [
        'other-ca',
        'not-yet-valid',
        'other-name',
        'common-name-only',
        'tls-1.1-only',
        'large-chain',
      ])
        expect(text, p.kind).not.toContain(id);
      expect(text, p.kind).not.toMatch(/\bgave\b|counterexample|setup alone/);
    }
  });

  it('a plaintext fallback (EDP-TLS-6) and a missing client certificate say what happened and the fix', () => {
    expect(
      tlsViolationText({
        rule: 'EDP-TLS-6',
        message: 'sent MQTT CONNECT in plaintext (client id "bulb-0001") 12 ms after a refused TLS handshake',
      }),
    ).toBe(
      'The device sent MQTT CONNECT in plaintext (client id "bulb-0001") 12 ms after a refused TLS handshake. Fix: never fall back to plain MQTT when TLS fails; retry TLS with the backoff of EDP-MQTT-2 (EDP-TLS-6).',
    );
    expect(
      tlsViolationText({
        rule: 'EDP-TLS-1',
        presented: 'good',
        message: 'unused',
        did: 'no certificate: the device presented no client certificate when asked (client CA: clients.pem)',
        requiredClientCertificate: true,
      }),
    ).toMatch(
      /^Expected the device to present its client certificate when asked .*; no certificate: .*\. Fix: present the device's provisioned client certificate/,
    );
  });
});

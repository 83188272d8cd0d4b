/**
 * Generated TLS observations a conformant device can produce (PROTOCOL.md section 9): every bad
 * certificate refused (handshake aborted, or closed before CONNECT), the good ones connected,
 * no plaintext CONNECT after a refusal, and a stop only after an accepted attempt or on Ctrl-C.
 * Written from the protocol text, sharing nothing with the simulators.
 */
import fc from 'fast-check';
import type {
  PlainConnection,
  TlsAttempt,
  TlsObservation,
} from '../../../conformance/tls/tls-observation.js';
import { TLS_PRESENTATIONS } from '../../../conformance/tls/tls-presentations.js';
import type { ClientCertificateSeen } from '../../../src/tls/index.js';

export const DEVICE_ID = 'sensor-0001';
export const CLIENT_CA = 'clients-ca.pem';

/** A client certificate from the client CA naming the device in its SAN, its CN, or both (section 9: either). */
function provisionedCertificate(draw: {
  readonly naming: 'both' | 'san-only' | 'cn-only';
  readonly extraNames: readonly string[];
  readonly organisation: string | undefined;
}): ClientCertificateSeen {
  const commonName = draw.naming === 'san-only' ? 'factory batch 7' : DEVICE_ID;
  const altNames = draw.naming === 'cn-only' ? [...draw.extraNames] : [...draw.extraNames, DEVICE_ID];
  return {
    presented: true,
    subject: `CN=${commonName}${draw.organisation === undefined ? '' : `, O=${draw.organisation}`}`,
    commonName,
    altNames,
    issuer: 'CN=clients CA',
    chainsToCa: true,
  };
}

const REFUSAL_DETAILS = [
  'certificate unknown',
  'bad certificate',
  'unknown ca',
  'protocol version',
  'ECONNRESET',
];

/** How many presentations were made (all, unless the run stopped) and how. */
export function legalTlsObservation(): fc.Arbitrary<TlsObservation> {
  const count = TLS_PRESENTATIONS.length;
  return fc
    .record({
      gaps: fc.array(fc.integer({ min: 0, max: 30_000 }), { minLength: count, maxLength: count }),
      lengths: fc.array(fc.integer({ min: 1, max: 5_000 }), { minLength: count, maxLength: count }),
      abortHandshake: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
      details: fc.array(fc.constantFrom(...REFUSAL_DETAILS, undefined), {
        minLength: count,
        maxLength: count,
      }),
      protocol: fc.constantFrom('TLSv1.2', 'TLSv1.3'),
      // Where the run ended: every presentation, or interrupted after some of them.
      interruptedAfter: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.integer({ min: 1, max: count - 1 }), weight: 1 },
      ),
      // Mutual TLS asked for, with the certificate the device was provisioned with (section 9).
      mutual: fc.option(
        fc.record({
          naming: fc.constantFrom('both', 'san-only', 'cn-only'),
          extraNames: fc.array(fc.constantFrom('bulb-0002', 'device.example', 'spiffe://x/y'), {
            maxLength: 2,
          }),
          organisation: fc.constantFrom(undefined, 'Acme Devices'),
        }),
        { nil: undefined },
      ),
      strayPlain: fc.array(
        fc.record({
          before: fc.integer({ min: 0, max: 10_000 }),
          kind: fc.constantFrom('silent', 'other-client', 'early-own'),
        }),
        { maxLength: 3 },
      ),
    })
    .map((draw) => {
      const made = draw.interruptedAfter ?? count;
      let now = 5_000 + Math.max(0, ...draw.strayPlain.map((p) => p.before)) + 1;
      const firstAt = now;
      const attempts: TlsAttempt[] = TLS_PRESENTATIONS.slice(0, made).map((p, i) => {
        now += draw.gaps[i] ?? 0;
        const at = now;
        now += draw.lengths[i] ?? 1;
        const detail = draw.details[i];
        if (p.expect === 'accept')
          return {
            presented: p.kind,
            at,
            endedAt: now,
            handshake: 'completed',
            protocol: draw.protocol,
            connect: { clientId: DEVICE_ID, username: DEVICE_ID },
            ...(p.kind === 'large-chain' ? { largeRecord: 'acknowledged' as const } : {}),
            ...(p.kind === 'good' && draw.mutual !== undefined
              ? { clientCertificate: provisionedCertificate(draw.mutual) }
              : {}),
          };
        return {
          presented: p.kind,
          at,
          endedAt: now,
          handshake: draw.abortHandshake[i] === true ? 'failed' : 'completed',
          ...(detail === undefined ? {} : { detail }),
        };
      });
      // Plaintext before any TLS attempt (the device before it was set up for TLS), or from someone else.
      const plain: PlainConnection[] = draw.strayPlain.map((p) => {
        const at = firstAt - 1 - p.before;
        if (p.kind === 'silent') return { at };
        if (p.kind === 'other-client')
          return { at: at + p.before + 20_000, connect: { clientId: 'someone-else' } };
        return { at, connect: { clientId: DEVICE_ID } };
      });
      return {
        deviceId: DEVICE_ID,
        attempts,
        plain,
        ...(draw.interruptedAfter === undefined
          ? {}
          : { stopped: { cause: 'interrupted' as const, waitedMs: 100 } }),
        ...(draw.mutual === undefined ? {} : { clientCertificateRequired: { ca: CLIENT_CA } }),
        durationMs: now - firstAt,
      };
    });
}

/**
 * What fleetcert presents to a device on its TLS listener, one connection attempt each
 * (PROTOCOL.md section 9), and the rule each presentation checks. Pure data: the I/O that
 * serves them lives in src/tls/; the judge (judge-tls.ts) reads them.
 */

import type { TlsServerVariant } from '../../src/tls/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';

/** The transport-security rules of section 9. */
export const TLS_RULE_IDS = [
  'EDP-TLS-1',
  'EDP-TLS-2',
  'EDP-TLS-3',
  'EDP-TLS-4',
  'EDP-TLS-5',
  'EDP-TLS-6',
] as const satisfies readonly RuleId[];

export type TlsRuleId = (typeof TLS_RULE_IDS)[number];

/** What is presented on one attempt: a server variant of src/tls (one thing differs from the good one). */
export type TlsPresentationKind = TlsServerVariant;

export interface TlsPresentation {
  readonly kind: TlsPresentationKind;
  readonly rule: TlsRuleId;
  /** `accept`: the device must complete the handshake and send CONNECT; `refuse`: it must not send CONNECT. */
  readonly expect: 'accept' | 'refuse';
  /** What was presented, in a partner's words (the report's "presented" column). */
  readonly description: string;
}

const presentation = (
  kind: TlsPresentationKind,
  rule: TlsRuleId,
  expect: 'accept' | 'refuse',
  description: string,
): TlsPresentation => Object.freeze({ kind, rule, expect, description });

/**
 * The order attempts are made in. Refusals first, each costing the device one backoff step;
 * the large chain next (accepted, then closed by fleetcert); the good certificate last, whose
 * connection is handed to the broker for the usual suites (EDP-TLS-1).
 */
export const TLS_PRESENTATIONS: readonly TlsPresentation[] = Object.freeze([
  presentation('other-ca', 'EDP-TLS-2', 'refuse', 'a certificate for the host, signed by another CA'),
  presentation('self-signed', 'EDP-TLS-2', 'refuse', 'a self-signed certificate for the host'),
  presentation('expired', 'EDP-TLS-3', 'refuse', 'an expired certificate for the host, from the trusted CA'),
  presentation(
    'not-yet-valid',
    'EDP-TLS-3',
    'refuse',
    'a certificate for the host, from the trusted CA, valid only from tomorrow',
  ),
  presentation(
    'other-name',
    'EDP-TLS-4',
    'refuse',
    'a certificate from the trusted CA for another host name',
  ),
  presentation(
    'common-name-only',
    'EDP-TLS-4',
    'refuse',
    'a certificate from the trusted CA naming the host only in its common name (no subject alternative name)',
  ),
  presentation(
    'tls-1.1-only',
    'EDP-TLS-5',
    'refuse',
    'a good certificate, on a server that speaks TLS 1.1 only',
  ),
  presentation(
    'large-chain',
    'EDP-TLS-1',
    'accept',
    'a good certificate with a 16 KiB chain of intermediates, and a 16 KiB record after CONNECT',
  ),
  presentation('good', 'EDP-TLS-1', 'accept', 'a good certificate from the trusted CA, TLS 1.2 or 1.3'),
]);

export function presentationOf(kind: TlsPresentationKind): TlsPresentation {
  const found = TLS_PRESENTATIONS.find((p) => p.kind === kind);
  if (found === undefined) throw new RangeError(`no TLS presentation ${kind}`);
  return found;
}

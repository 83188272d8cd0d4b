/**
 * A section 9 failure in a partner's words, for stdout, result.json's summary and the report:
 * what fleetcert presented, what the device should have done and did, and how to fix it. TLS
 * failures are judged at the socket, before any EDP message, so they carry no command sequence
 * and no message chart: this sentence is the whole counterexample.
 */
import type { TlsViolation } from './judge-tls.js';
import { presentationOf, type TlsPresentationKind } from './tls-presentations.js';

/** What the device should have refused, said short (the presentation's description says it in full). */
const REFUSE: Readonly<Partial<Record<TlsPresentationKind, string>>> = {
  'other-ca': 'a certificate signed by a CA it was not given',
  'self-signed': 'a self-signed certificate',
  expired: 'an expired certificate',
  'not-yet-valid': 'a certificate that is not valid yet',
  'other-name': 'a certificate for another host name',
  'common-name-only': 'a certificate naming the host only in its common name',
  'tls-1.1-only': 'a server that speaks only TLS 1.1',
};

/** How a device fixes mishandling each presentation: the setting, with a common library's name for it. */
const FIX: Readonly<Record<TlsPresentationKind, string>> = {
  'other-ca':
    'verify the server certificate against the provisioned CA (EDP-TLS-2; e.g. Python ssl: verify_mode=CERT_REQUIRED and load_verify_locations(CA); mbedTLS: MBEDTLS_SSL_VERIFY_REQUIRED)',
  'self-signed':
    'verify the server certificate against the provisioned CA (EDP-TLS-2; e.g. Python ssl: verify_mode=CERT_REQUIRED and load_verify_locations(CA); mbedTLS: MBEDTLS_SSL_VERIFY_REQUIRED)',
  expired:
    "check the certificate's validity period against a set clock (EDP-TLS-3; set the time, e.g. by SNTP, before connecting; Python ssl checks it with verify_mode=CERT_REQUIRED)",
  'not-yet-valid':
    "check the certificate's validity period against a set clock (EDP-TLS-3; set the time, e.g. by SNTP, before connecting; Python ssl checks it with verify_mode=CERT_REQUIRED)",
  'other-name':
    'verify the host name (EDP-TLS-4; e.g. Python ssl: check_hostname=True, the default of ssl.create_default_context(); mbedTLS: mbedtls_ssl_set_hostname)',
  'common-name-only':
    'match the host name against the subject alternative names only, never the common name (EDP-TLS-4; e.g. Python ssl: check_hostname=True; mbedTLS: mbedtls_ssl_set_hostname)',
  'tls-1.1-only':
    'refuse TLS versions below 1.2 (EDP-TLS-5; e.g. Python ssl: minimum_version = ssl.TLSVersion.TLSv1_2; mbedTLS: mbedtls_ssl_conf_min_tls_version)',
  'large-chain':
    'accept certificate chains and records of up to 16 KiB (EDP-TLS-1; e.g. mbedTLS: MBEDTLS_SSL_IN_CONTENT_LEN of at least 16384)',
  good: 'trust the provisioned CA, offer TLS 1.2 or 1.3 and connect to the configured host name (EDP-TLS-1)',
};

const MUTUAL_FIX =
  "present the device's provisioned client certificate, issued by the client CA and naming the device id (EDP-TLS-1; e.g. Python ssl: load_cert_chain(cert, key))";
const PLAINTEXT_FIX =
  'never fall back to plain MQTT when TLS fails; retry TLS with the backoff of EDP-MQTT-2 (EDP-TLS-6)';
const RETRY_FIX = 'keep retrying TLS with the backoff of EDP-MQTT-2, at most 30 s between tries';

/** One sentence for one violation: expected, presented, what the device did, the fix. */
export function tlsViolationText(v: TlsViolation): string {
  if (v.presented === undefined) {
    const fix = v.rule === 'EDP-TLS-6' && !v.message.startsWith('stopped') ? PLAINTEXT_FIX : RETRY_FIX;
    return `The device ${v.message}. Fix: ${fix}.`;
  }
  const presentation = presentationOf(v.presented);
  const did = v.did ?? v.message;
  if (v.requiredClientCertificate === true)
    return `Expected the device to present its client certificate when asked (presented: ${presentation.description}); ${did}. Fix: ${MUTUAL_FIX}.`;
  if (presentation.expect === 'refuse')
    return `Expected the device to refuse ${REFUSE[v.presented] ?? presentation.description} (presented: ${presentation.description}); it ${did}. Fix: ${FIX[v.presented]}.`;
  return `Expected the device to connect (presented: ${presentation.description}); it ${did}. Fix: ${FIX[v.presented]}.`;
}

/**
 * The summary of a failed TLS rule: one violation in full, and how many more it had. A refused
 * good certificate comes first: it is the root cause when the large chain was refused too.
 */
export function tlsFailureSummary(violations: readonly TlsViolation[]): string {
  const [first, ...more] = [...violations].sort(
    (a, b) => Number(b.presented === 'good') - Number(a.presented === 'good'),
  );
  if (first === undefined) return 'The device broke a rule of section 9.';
  const rest =
    more.length === 0
      ? ''
      : ` (${more.length} more for this rule: ${more.map((v) => (v.presented === undefined ? v.rule : presentationOf(v.presented).description)).join('; ')}; each attempt is listed under the TLS checks)`;
  return `${tlsViolationText(first)}${rest}`;
}

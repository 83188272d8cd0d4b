/**
 * The TLS servers fleetcert presents to a device under certification (PROTOCOL.md section 9),
 * one per connection attempt: the certificate and TLS options of each. Made for one run from
 * the trusted CA (the one the device installed as its trust anchor) and the host name the
 * device dials. Each variant differs from the good server in one thing only, so a device that
 * accepts it has broken one rule.
 */
import type { SecureContextOptions } from 'node:tls';
import { certificateWithChainPem, type IssuedCertificate, issueCertificate } from './certificates.js';

export type TlsServerVariant =
  | 'good'
  | 'other-ca'
  | 'self-signed'
  | 'expired'
  | 'not-yet-valid'
  | 'other-name'
  | 'common-name-only'
  | 'tls-1.1-only'
  | 'large-chain';

export const TLS_SERVER_VARIANTS: readonly TlsServerVariant[] = [
  'good',
  'other-ca',
  'self-signed',
  'expired',
  'not-yet-valid',
  'other-name',
  'common-name-only',
  'tls-1.1-only',
  'large-chain',
];

export type ServerVariantOptions = SecureContextOptions & {
  readonly cert: string;
  readonly key: string;
};

/** The size the large chain reaches (leaf and intermediates, DER): section 9's 16 KiB, less the handshake's framing. */
export const LARGE_CHAIN_BYTES = 16_000;

const DAY_MS = 86_400_000;
/** The good server's common name: not the host, so a device that reads the common name learns nothing from it. */
const SERVER_COMMON_NAME = 'fleetcert test server';

/** Every variant's TLS options, for `host` (a DNS name or an IP literal) and the trusted `ca`. */
export async function makeServerVariants(
  ca: IssuedCertificate,
  host: string,
  now = new Date(),
): Promise<Readonly<Record<TlsServerVariant, ServerVariantOptions>>> {
  // `issuer` null: self-signed (an undefined argument would take the default).
  const server = (extra: { notBefore?: Date; notAfter?: Date } = {}, issuer: IssuedCertificate | null = ca) =>
    issueCertificate(
      { commonName: SERVER_COMMON_NAME, altNames: [host], usage: 'server', ...extra },
      issuer ?? undefined,
    );
  const good = await server();
  const otherCa = await issueCertificate({ commonName: 'fleetcert other CA', usage: 'ca', validDays: 3650 });
  const tls12up = { minVersion: 'TLSv1.2' } as const;
  const options = (
    issued: IssuedCertificate,
    extra: Pick<SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'> = tls12up,
  ): ServerVariantOptions => ({
    cert: certificateWithChainPem(issued),
    key: issued.privateKeyPem,
    ...extra,
  });
  return Object.freeze({
    good: options(good),
    'other-ca': options(await server({}, otherCa)),
    'self-signed': options(await server({}, null)),
    expired: options(
      await server({
        notBefore: new Date(now.getTime() - 60 * DAY_MS),
        notAfter: new Date(now.getTime() - DAY_MS),
      }),
    ),
    'not-yet-valid': options(
      await server({
        notBefore: new Date(now.getTime() + DAY_MS),
        notAfter: new Date(now.getTime() + 30 * DAY_MS),
      }),
    ),
    'other-name': options(
      await issueCertificate(
        { commonName: SERVER_COMMON_NAME, altNames: [otherName(host)], usage: 'server' },
        ca,
      ),
    ),
    // A certificate without subject alternative names: the host only in its common name (EDP-TLS-4).
    'common-name-only': options(await issueCertificate({ commonName: host, usage: 'server' }, ca)),
    // OpenSSL 3 refuses TLS 1.1 at its default security level: level 0 lets the server offer it.
    'tls-1.1-only': options(good, {
      minVersion: 'TLSv1.1',
      maxVersion: 'TLSv1.1',
      ciphers: 'DEFAULT@SECLEVEL=0',
    }),
    'large-chain': options(await largeChain(ca, host)),
  });
}

/** A name the device did not dial, of the same kind (another IP for an IP literal). */
function otherName(host: string): string {
  if (/^[0-9.]+$/.test(host)) return host === '192.0.2.1' ? '192.0.2.2' : '192.0.2.1';
  if (host.includes(':')) return host === '2001:db8::1' ? '2001:db8::2' : '2001:db8::1';
  return `not-${host}`.slice(0, 253);
}

/**
 * A leaf under two intermediates whose chain is about LARGE_CHAIN_BYTES: the leaf carries padding
 * names beside the host, as certificates for many sites do.
 */
async function largeChain(ca: IssuedCertificate, host: string): Promise<IssuedCertificate> {
  const first = await issueCertificate({ commonName: 'fleetcert intermediate 1', usage: 'ca' }, ca);
  const second = await issueCertificate({ commonName: 'fleetcert intermediate 2', usage: 'ca' }, first);
  const leafWith = (pads: number) =>
    issueCertificate(
      {
        commonName: SERVER_COMMON_NAME,
        altNames: [
          host,
          ...Array.from(
            { length: pads },
            (_, i) => `pad-${i.toString().padStart(4, '0')}.chain.fleetcert.invalid`,
          ),
        ],
        usage: 'server',
      },
      second,
    );
  const chainBytes = (leaf: IssuedCertificate) =>
    leaf.certificate.rawData.byteLength +
    first.certificate.rawData.byteLength +
    second.certificate.rawData.byteLength;
  const probe = await leafWith(100);
  const base = await leafWith(0);
  const perName = (chainBytes(probe) - chainBytes(base)) / 100;
  return leafWith(Math.max(0, Math.floor((LARGE_CHAIN_BYTES - chainBytes(base)) / perName)));
}

/** The DER size of the chain a variant sends (leaf and intermediates). */
export function chainBytes(options: ServerVariantOptions): number {
  return [...options.cert.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].reduce(
    (sum, m) => sum + Buffer.from((m[1] as string).replace(/\s+/g, ''), 'base64').byteLength,
    0,
  );
}

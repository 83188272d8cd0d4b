/**
 * Test certificates made in memory: a certificate authority, server and client certificates
 * signed by it (or self-signed), with any validity window and names. Used by TLS certification
 * (the certificates fleetcert presents to a device, EDP-TLS-1..5) and by fleets and load that
 * connect with client certificates. Keys are ECDSA P-256: fast to make, accepted by every TLS
 * stack in TLS 1.2 and 1.3. The X.509 encoding is @peculiar/x509's, never hand-written ASN.1.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKeyPair = webcrypto.CryptoKeyPair;

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate with its private key, PEM-encoded, as TLS options take them. */
export interface IssuedCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** PEM of the issuing chain above this certificate (intermediates, not the root), possibly empty. */
  readonly chainPem: string;
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The key pair, kept so this certificate can sign others when it is a CA. */
  readonly keys: CryptoKeyPair;
  readonly certificate: x509.X509Certificate;
}

export type CertificateUsage = 'ca' | 'server' | 'client';

export interface CertificateRequest {
  /** The subject's common name (for a client certificate, the device id). */
  readonly commonName: string;
  /** Host names put in the subject alternative name (dNSName, or iPAddress for an IP literal). */
  readonly altNames?: readonly string[];
  readonly usage: CertificateUsage;
  /** Defaults: valid from one day ago for `validDays` (default 30) days. */
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  readonly validDays?: number;
}

/** Signs `request` with `issuer`, or self-signs it when `issuer` is undefined. */
export async function issueCertificate(
  request: CertificateRequest,
  issuer?: IssuedCertificate,
): Promise<IssuedCertificate> {
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = request.notBefore ?? new Date(Date.now() - DAY_MS);
  const notAfter = request.notAfter ?? new Date(notBefore.getTime() + (request.validDays ?? 30) * DAY_MS);
  const subject = `CN=${escapeDnValue(request.commonName)}`;
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject,
    issuer: issuer ? issuer.certificate.subject : subject,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: issuer ? issuer.keys.privateKey : keys.privateKey,
    extensions: await extensionsFor(request, keys, issuer),
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificatePem: certificate.toString('pem'),
    privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
    chainPem: issuer ? chainAbove(issuer) : '',
    subject,
    notBefore,
    notAfter,
    keys,
    certificate,
  };
}

/** A self-signed certificate authority. */
export function createCertificateAuthority(commonName: string, validDays = 3650): Promise<IssuedCertificate> {
  return issueCertificate({ commonName, usage: 'ca', validDays });
}

/** Certificate PEM followed by its chain: what a TLS server sends as `cert`. */
export function certificateWithChainPem(issued: IssuedCertificate): string {
  return issued.chainPem ? `${issued.certificatePem}\n${issued.chainPem}` : issued.certificatePem;
}

function chainAbove(issuer: IssuedCertificate): string {
  // A self-signed issuer is the root: trust anchors are installed, not sent.
  if (issuer.certificate.subject === issuer.certificate.issuer) return '';
  return certificateWithChainPem(issuer);
}

async function extensionsFor(
  request: CertificateRequest,
  keys: CryptoKeyPair,
  issuer: IssuedCertificate | undefined,
): Promise<x509.Extension[]> {
  const extensions: x509.Extension[] = [await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)];
  if (issuer) {
    extensions.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  }
  if (request.usage === 'ca') {
    extensions.push(new x509.BasicConstraintsExtension(true, undefined, true));
    extensions.push(
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    );
  } else {
    extensions.push(new x509.BasicConstraintsExtension(false, undefined, true));
    extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
    extensions.push(
      new x509.ExtendedKeyUsageExtension(
        [request.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth],
        false,
      ),
    );
  }
  const altNames = request.altNames ?? [];
  if (altNames.length > 0) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        altNames.map((name) => ({ type: isIP(name) !== 0 ? 'ip' : 'dns', value: name }) as const),
        false,
      ),
    );
  }
  return extensions;
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive INTEGER
  return Buffer.from(bytes).toString('hex');
}

/** RFC 4514: characters that must be escaped in a distinguished-name attribute value. */
function escapeDnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

/** TLS: test certificates for certification (server side) and for fleets and load (client side). */
export {
  type CertificateRequest,
  type CertificateUsage,
  certificateWithChainPem,
  createCertificateAuthority,
  type IssuedCertificate,
  issueCertificate,
} from './certificates.js';
export { ClientCertificateError, readClientTls } from './client-certificate-files.js';
export { type ClientCertificateSeen, seenClientCertificate } from './client-certificate-seen.js';
export {
  CA_CERT_FILE,
  CA_KEY_FILE,
  certificateAuthorityFiles,
  clientCertificateFiles,
  keyPairFiles,
  serverCertificate,
} from './issue-files.js';
export { CertificateAuthorityError, loadCertificateAuthority } from './load-ca.js';
export { writePemFiles } from './pem-files.js';
export { startPlainCatcher } from './plain-catcher.js';
export type { TlsServerVariant } from './server-variants.js';
export { makeServerVariants } from './server-variants.js';
export { strictServerIdentity } from './strict-server-identity.js';
export type { ProbeRecord } from './tls-probe.js';
export { startTlsProbe } from './tls-probe.js';

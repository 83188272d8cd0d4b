/** TLS: test certificates for certification (server side) and for fleets and load (client side). */
export {
  type CertificateRequest,
  type CertificateUsage,
  certificateWithChainPem,
  createCertificateAuthority,
  type IssuedCertificate,
  issueCertificate,
} from './certificates.js';
export { CertificateAuthorityError, loadCertificateAuthority } from './load-ca.js';
export { strictServerIdentity } from './strict-server-identity.js';

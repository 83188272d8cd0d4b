/**
 * `certify --listen-tls` resolved into the TLS listener's options: the CA the device trusts, the
 * mutual-TLS client CA, and the lines that tell the partner what to install and where to dial.
 */
import type { TlsListenOptions } from '../../conformance/settings/index.js';
import { type IssuedCertificate, loadCertificateAuthority } from '../../src/tls/index.js';
import type { TlsRequest } from './certify-options.js';
import { readClientCa, runCertificateAuthority } from './certify-tls-ca.js';

/**
 * `--listen-tls`: the CA the device trusts, read from --tls-ca-cert/--tls-ca-key, or the run's
 * own test CA kept in OUT/tls/ (certify-tls-ca.ts): made on the first run, reused after, so the
 * anchor a partner installed once keeps working, replays included.
 */
export async function tlsListenOptions(
  request: TlsRequest,
  outDir: string,
  say: (line: string) => void,
): Promise<TlsListenOptions> {
  let ca: IssuedCertificate;
  let trustAnchorPath: string;
  if (request.ca === undefined) {
    const kept = await runCertificateAuthority(outDir);
    ca = kept.ca;
    trustAnchorPath = kept.certPath;
    say(
      kept.reused
        ? `  reusing the test CA kept in ${kept.certPath} and ${kept.keyPath} (delete them for a new one)`
        : `  made a test CA for this run: ${kept.certPath} (its key ${kept.keyPath}, kept for replays; test use only)`,
    );
  } else {
    ca = await loadCertificateAuthority(request.ca.certPath, request.ca.keyPath);
    trustAnchorPath = request.ca.certPath;
  }
  say(`  TLS checks (EDP-TLS-1..6): install ${trustAnchorPath} as the device's trust anchor`);
  const mutual = request.clientCertificate;
  const clientCaPath = mutual?.caPath;
  if (mutual !== undefined)
    say(
      `  mutual TLS: the device presents a client certificate from ${clientCaPath ?? trustAnchorPath} naming its device id (EDP-TLS-1)`,
    );
  return {
    port: request.port,
    serverName: request.serverName,
    ca,
    trustAnchorPath,
    plainPort: request.plainPort,
    ...(request.binding === undefined ? {} : { binding: request.binding }),
    ...(mutual === undefined
      ? {}
      : {
          requireClientCertificate:
            clientCaPath === undefined
              ? { caPem: ca.certificatePem, caSource: `the run's CA, ${trustAnchorPath}` }
              : { caPem: await readClientCa(clientCaPath), caSource: clientCaPath },
        }),
    onListening: ({ url, plainPort }) =>
      say(
        `  TLS listener at ${url}: the device dials it and retries on its own backoff; plaintext is watched on port ${plainPort}`,
      ),
  };
}

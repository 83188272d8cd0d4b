/**
 * Reads the client certificates a fleet or a load run presents (mutual TLS): one pair of files
 * for every client, a folder holding `{deviceId}.crt` and `{deviceId}.key`, or a pattern such as
 * `certs/{deviceId}.crt`. Every device's files are read and checked (a PEM certificate, a private
 * key that matches it) before anything connects, so a missing or wrong file is a setup error
 * naming the device and the path, not a fleet of refused handshakes.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FleetcertError } from '../errors.js';
import { INPUT_LIMITS } from '../input-limits.js';
import { readBoundedText } from '../read-file-within.js';
import type { ClientKeyPair, ClientTlsSettings } from '../transport/mqtt/tls-options.js';

/** The placeholder a per-device path carries. */
export const DEVICE_ID_PLACEHOLDER = '{deviceId}';

/** Where the files are named in errors: CLI flags or scenario keys. */
export interface ClientTlsOptionNames {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export const CLI_OPTION_NAMES: ClientTlsOptionNames = { ca: '--ca', cert: '--cert', key: '--key' };

export interface ClientTlsFiles {
  /** PEM file of the CA that signed the broker's certificate. */
  readonly ca?: string;
  /** One certificate file, a folder of `{deviceId}.crt`, or a path with `{deviceId}`. */
  readonly cert?: string;
  /** As `cert`: one key, a folder of `{deviceId}.key` (default: the certificates' folder), or a pattern. */
  readonly key?: string;
  readonly servername?: string;
  readonly rejectUnauthorized?: boolean;
}

/** A client certificate or key that is missing or unusable: exit 2, naming the device, the path and the fix. */
export class ClientCertificateError extends FleetcertError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('FLEETCERT_CLIENT_CERT', message, { exitCode: 2, ...options });
  }
}

/** Files read at once: a fleet of 19,000 devices has 38,000. */
const READ_BATCH = 128;

/** How the certificate of each client is found, without reading anything yet. */
export type ClientCertificateLayout =
  | { readonly kind: 'none' }
  | { readonly kind: 'shared'; readonly cert: string; readonly key: string }
  | { readonly kind: 'per-device'; certFor(id: string): string; keyFor(id: string): string };

/** Resolves `cert` and `key` (checking that they are given together) into a layout. */
export async function clientCertificateLayout(
  files: ClientTlsFiles,
  names: ClientTlsOptionNames = CLI_OPTION_NAMES,
): Promise<ClientCertificateLayout> {
  const { cert, key } = files;
  if (cert === undefined && key === undefined) return { kind: 'none' };
  if (cert === undefined) {
    throw new ClientCertificateError(
      `${names.key} was given without ${names.cert}: give the client certificate too (a file, a folder, or a pattern like certs/{deviceId}.crt)`,
    );
  }
  const certIsPattern = cert.includes(DEVICE_ID_PLACEHOLDER);
  const certIsFolder = !certIsPattern && (await isFolder(cert));
  if (!certIsPattern && !certIsFolder) {
    if (key === undefined || key.includes(DEVICE_ID_PLACEHOLDER) || (await isFolder(key))) {
      throw new ClientCertificateError(
        `${names.cert} ${cert} is one certificate for every client, so ${names.key} must be its one key file${key === undefined ? '' : `, not ${key}`}; or give a per-device pattern to both (${names.cert} 'certs/{deviceId}.crt' ${names.key} 'certs/{deviceId}.key')`,
      );
    }
    return { kind: 'shared', cert, key };
  }
  const certFor = certIsPattern
    ? (id: string) => cert.replaceAll(DEVICE_ID_PLACEHOLDER, id)
    : (id: string) => join(cert, `${id}.crt`);
  let keyFor: (id: string) => string;
  if (key === undefined) {
    if (certIsPattern) {
      throw new ClientCertificateError(
        `${names.cert} ${cert} is a per-device pattern: give ${names.key} as one too, e.g. ${names.key} '${cert.replace(/\.(crt|pem|cert)$/, '')}.key'`,
      );
    }
    keyFor = (id) => join(cert, `${id}.key`);
  } else if (key.includes(DEVICE_ID_PLACEHOLDER)) {
    keyFor = (id) => key.replaceAll(DEVICE_ID_PLACEHOLDER, id);
  } else if (await isFolder(key)) {
    keyFor = (id) => join(key, `${id}.key`);
  } else {
    throw new ClientCertificateError(
      `${names.cert} ${cert} gives each device its own certificate, so ${names.key} must too: a folder of {deviceId}.key or a pattern with {deviceId}, not the one file ${key}`,
    );
  }
  return { kind: 'per-device', certFor, keyFor };
}

/**
 * Reads everything `files` names for the clients `clientIds` (a fleet's device ids): the CA and
 * each client's certificate and key, checked to match. Nothing is logged; keys stay in memory.
 */
export async function readClientTls(
  files: ClientTlsFiles,
  clientIds: readonly string[],
  names: ClientTlsOptionNames = CLI_OPTION_NAMES,
): Promise<ClientTlsSettings> {
  const layout = await clientCertificateLayout(files, names);
  const ca =
    files.ca === undefined
      ? undefined
      : await readBoundedText(
          files.ca,
          INPUT_LIMITS.caFileBytes,
          `the broker CA file (${names.ca})`,
          'FLEETCERT_CLIENT_CERT',
        );
  const base: ClientTlsSettings = {
    ...(ca === undefined ? {} : { ca }),
    ...(files.servername === undefined ? {} : { servername: files.servername }),
    ...(files.rejectUnauthorized === undefined ? {} : { rejectUnauthorized: files.rejectUnauthorized }),
  };
  switch (layout.kind) {
    case 'none':
      return base;
    case 'shared':
      return { ...base, shared: await readKeyPair(layout.cert, layout.key, 'every client', names) };
    case 'per-device': {
      const perClient: Record<string, ClientKeyPair> = {};
      for (let i = 0; i < clientIds.length; i += READ_BATCH) {
        const batch = clientIds.slice(i, i + READ_BATCH);
        const pairs = await Promise.allSettled(
          batch.map((id) => readKeyPair(layout.certFor(id), layout.keyFor(id), `device ${id}`, names)),
        );
        // The first device in fleet order is named, not whichever read failed first.
        for (const [j, id] of batch.entries()) {
          const pair = pairs[j] as PromiseSettledResult<ClientKeyPair>;
          if (pair.status === 'rejected') throw pair.reason;
          perClient[id] = pair.value;
        }
      }
      return { ...base, perClient };
    }
  }
}

async function readKeyPair(
  certPath: string,
  keyPath: string,
  owner: string,
  names: ClientTlsOptionNames,
): Promise<ClientKeyPair> {
  const fix = `make it with \`fleetcert tls devices\`, or fix ${names.cert}/${names.key}`;
  const read = async (path: string, what: string) => {
    try {
      return await readBoundedText(path, INPUT_LIMITS.caFileBytes, what, 'FLEETCERT_CLIENT_CERT');
    } catch (error) {
      const missing = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
      throw new ClientCertificateError(
        missing
          ? `no ${what} for ${owner}: ${path} does not exist; ${fix}`
          : `${(error as Error).message} (the ${what} for ${owner}); ${fix}`,
        { cause: error },
      );
    }
  };
  // Both reads settle before either error is raised, so a device missing both files is always
  // named for its certificate first, whichever read fails first.
  const [certRead, keyRead] = await Promise.allSettled([
    read(certPath, 'client certificate'),
    read(keyPath, 'client key'),
  ]);
  if (certRead.status === 'rejected') throw certRead.reason;
  if (keyRead.status === 'rejected') throw keyRead.reason;
  const cert = certRead.value;
  const key = keyRead.value;
  let certificateKey: Buffer;
  try {
    certificateKey = createPublicKey(cert).export({ type: 'spki', format: 'der' });
  } catch (error) {
    throw new ClientCertificateError(
      `${certPath} (the client certificate for ${owner}) is not a PEM certificate; ${fix}`,
      { cause: error },
    );
  }
  let privateKey: ReturnType<typeof createPrivateKey>;
  try {
    privateKey = createPrivateKey(key);
  } catch (error) {
    throw new ClientCertificateError(
      `${keyPath} (the client key for ${owner}) is not an unencrypted PEM private key; ${fix}`,
      { cause: error },
    );
  }
  if (!createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).equals(certificateKey)) {
    throw new ClientCertificateError(
      `${keyPath} is not the key of ${certPath} (the client certificate for ${owner}); give the key made with that certificate`,
    );
  }
  return { cert, key };
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

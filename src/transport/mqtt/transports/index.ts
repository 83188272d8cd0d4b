/**
 * Transports registered by URL scheme (HOUSE: MQTT.js `connect/index.ts`): `mqtt`, `mqtts`, `ws`,
 * `wss` out of the box; `registerTransport` adds another (an in-memory pipe for tests, say).
 */
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';
import { FleetcertError } from '../../../errors.js';
import { tcpTransport } from './tcp.js';
import { tlsTransport } from './tls.js';
import type { Transport, TransportTarget } from './types.js';
import { wssTransport, wsTransport } from './ws.js';

export type { StreamBuilder, Transport, TransportTarget } from './types.js';

const TRANSPORTS = new Map<string, Transport>([
  ['mqtt', tcpTransport],
  ['mqtts', tlsTransport],
  ['ws', wsTransport],
  ['wss', wssTransport],
]);

export function registerTransport(scheme: string, transport: Transport): void {
  TRANSPORTS.set(scheme, transport);
  builders.clear();
  tlsBuilders = new WeakMap();
}

export function transportSchemes(): string[] {
  return [...TRANSPORTS.keys()];
}

/** A broker URL that is not one fleetcert can connect to. */
export class BrokerUrlError extends FleetcertError {
  constructor(message: string) {
    super('FLEETCERT_BROKER_URL', message, { exitCode: 2 });
  }
}

/** The transport and target for `url`, or a `BrokerUrlError` naming the URL and the fix. */
export function resolveTransport(
  url: string,
  tls?: ConnectionOptions,
): { transport: Transport; target: TransportTarget } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BrokerUrlError(
      `broker URL ${JSON.stringify(url)} is not a URL; write it like mqtt://127.0.0.1:1883`,
    );
  }
  const scheme = parsed.protocol.replace(/:$/, '');
  const transport = TRANSPORTS.get(scheme);
  if (transport === undefined) {
    throw new BrokerUrlError(
      `broker URL ${JSON.stringify(url)}: unsupported scheme ${JSON.stringify(scheme)}; use one of ${transportSchemes().join(', ')}`,
    );
  }
  if (parsed.hostname === '') throw new BrokerUrlError(`broker URL ${JSON.stringify(url)} names no host`);
  // URL keeps IPv6 hosts in brackets; sockets want them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port === '' ? transport.defaultPort : Number(parsed.port);
  return { transport, target: { url: parsed, host, port, ...(tls ? { tls } : {}) } };
}

/** What MQTT.js calls on every (re)connect for one broker: `() => a fresh stream`. */
export type ConnectStream = () => Duplex;

/** URLs a process connects to are few; a fleet of 19,000 devices shares one parse and one function per URL. */
const MAX_CACHED_URLS = 256;
const builders = new Map<string, ConnectStream>();
let tlsBuilders = new WeakMap<ConnectionOptions, Map<string, ConnectStream>>();

/**
 * `resolveTransport` once per (URL, TLS settings) and a stream function shared by every client
 * of that broker: a parsed URL and a closure per client would cost a fleet ~300 bytes a device.
 */
export function streamFor(url: string, tls?: ConnectionOptions): ConnectStream {
  let cache = builders;
  if (tls !== undefined) {
    cache = tlsBuilders.get(tls) ?? new Map();
    tlsBuilders.set(tls, cache);
  }
  let build = cache.get(url);
  if (build === undefined) {
    const { transport, target } = resolveTransport(url, tls);
    build = () => transport.build(target);
    if (cache.size >= MAX_CACHED_URLS) cache.clear();
    cache.set(url, build);
  }
  return build;
}

/**
 * The TLS listener of `fleetcert certify --listen-tls` (PROTOCOL.md section 9): serves one
 * server variant per connection attempt of the device, in the order given, and records what
 * the device did at the socket (handshake completed or aborted, CONNECT or not), never its
 * token. A connection over a variant the device must refuse is closed as soon as CONNECT
 * arrives; the large chain's gets a 16 KiB record first. Once the order is done, every
 * connection gets the good server and is handed, CONNECT unread, to `onGood` (the broker):
 * the usual suites, and the device's reconnects, run over TLS.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import { FleetcertError } from '../errors.js';
import { type ClientCertificateSeen, seenClientCertificate } from './client-certificate-seen.js';
import { largeRecordBytes, type SniffedConnect, sniffPackets } from './connect-sniffer.js';
import type { ServerVariantOptions, TlsServerVariant } from './server-variants.js';
import { createWebSocketUpgrader } from './websocket-upgrade.js';

export interface ProbeAttempt {
  readonly presented: TlsServerVariant;
  readonly at: number;
  readonly endedAt: number;
  readonly handshake: 'completed' | 'failed';
  readonly protocol?: string;
  readonly detail?: string;
  readonly connect?: SniffedConnect;
  readonly largeRecord?: 'acknowledged' | 'not-acknowledged';
  /** Mutual TLS, good server only: what the device presented when asked for its certificate. */
  readonly clientCertificate?: ClientCertificateSeen;
}

export interface ProbeStop {
  readonly cause: 'silent' | 'interrupted' | 'absent';
  readonly waitedMs: number;
}

export interface ProbeRecord {
  readonly attempts: readonly ProbeAttempt[];
  readonly stopped?: ProbeStop;
  readonly durationMs: number;
}

export interface TlsProbeOptions {
  readonly host: string;
  readonly port: number;
  readonly deviceId: string;
  readonly variants: Readonly<Record<TlsServerVariant, ServerVariantOptions>>;
  /** The variants presented, one per attempt, in this order; `good` is presented afterwards. */
  readonly order: readonly TlsServerVariant[];
  /** How long to wait for the device's first attempt. */
  readonly firstAttemptWaitMs: number;
  /** How long to wait for each later attempt: EDP-MQTT-2 allows at most 30 s between tries. */
  readonly nextAttemptWaitMs: number;
  /** After a completed handshake, how long the device has to send CONNECT (and to answer the 16 KiB record). */
  readonly connectWaitMs: number;
  /** Takes a good connection's MQTT stream, its CONNECT still unread (the embedded broker's accept). */
  readonly onGood: (stream: Duplex) => void;
  /**
   * How MQTT rides on TLS (section 9): `mqtt`, straight (`mqtts://`, default); `ws`, over a
   * WebSocket (`wss://`): the same presentations, then the HTTP upgrade, then MQTT.
   */
  readonly binding?: 'mqtt' | 'ws';
  /**
   * Mutual TLS (`--tls-require-client-cert`): the good server asks for a client certificate and
   * verifies it against this CA. It does not abort the handshake itself: what was presented is
   * recorded for the judge, and the session goes on so the other rules are still judged.
   */
  readonly clientCertificate?: { readonly caPem: string };
  readonly signal?: AbortSignal;
  /** performance.now() that attempt times count from (default: when the probe starts). */
  readonly startedAt?: number;
}

export interface TlsProbe {
  readonly port: number;
  /** Presents every variant of `order`; resolves when done or stopped. */
  readonly record: Promise<ProbeRecord>;
  close(): Promise<void>;
}

const LARGE_RECORD_MESSAGE_ID = 1;

export async function startTlsProbe(options: TlsProbeOptions): Promise<TlsProbe> {
  const contexts = new Map<TlsServerVariant, SecureContext>();
  const contextOf = (variant: TlsServerVariant) => {
    let context = contexts.get(variant);
    if (context === undefined) {
      const mutual = variant === 'good' ? options.clientCertificate : undefined;
      context = createSecureContext({
        ...options.variants[variant],
        ...(mutual === undefined ? {} : { ca: mutual.caPem }),
      });
      contexts.set(variant, context);
    }
    return context;
  };
  const attempts: ProbeAttempt[] = [];
  const sockets = new Set<Socket>();
  const started = options.startedAt ?? performance.now();
  const elapsed = () => performance.now() - started;
  let next = 0;
  let busy = false;
  let arrived: (() => void) | undefined;

  const server: Server = createServer({ noDelay: true }, (raw) => {
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => {});
    waiting.push({ raw, at: elapsed() });
    presentNext();
  });
  let attemptDone: (() => void) | undefined;
  /** Connections that arrived during an attempt: one attempt at a time, so what the device did stays clear. */
  const waiting: Array<{ readonly raw: Socket; readonly at: number }> = [];

  function presentNext(): void {
    while (!busy && waiting.length > 0) {
      const { raw, at } = waiting.shift() as { raw: Socket; at: number };
      if (raw.destroyed) continue;
      if (next >= options.order.length) {
        serveGood(raw);
        continue;
      }
      busy = true;
      const variant = options.order[next++] as TlsServerVariant;
      arrived?.();
      void presentOnce(raw, variant, at).then((attempt) => {
        attempts.push(attempt);
        busy = false;
        attemptDone?.();
        presentNext();
      });
    }
  }

  /** The server socket for a variant: the good one asks for a client certificate under mutual TLS. */
  const serverSocket = (raw: Socket, variant: TlsServerVariant) =>
    new TLSSocket(raw, {
      isServer: true,
      secureContext: contextOf(variant),
      ...(variant === 'good' && options.clientCertificate !== undefined
        ? { requestCert: true, rejectUnauthorized: false }
        : {}),
    });

  /** Where the device's MQTT bytes flow: the TLS socket itself (mqtts://), or a WebSocket on it (wss://). */
  const upgrader = options.binding === 'ws' ? createWebSocketUpgrader() : undefined;
  const mqttStreamOf = (socket: TLSSocket): Promise<Duplex | undefined> =>
    upgrader === undefined ? Promise.resolve(socket) : upgrader.upgrade(socket);

  function serveGood(raw: Socket): void {
    const socket = serverSocket(raw, 'good');
    socket.on('error', () => raw.destroy());
    void mqttStreamOf(socket).then((stream) => {
      if (stream !== undefined) options.onGood(stream);
    });
  }

  function presentOnce(raw: Socket, variant: TlsServerVariant, at: number): Promise<ProbeAttempt> {
    const socket = serverSocket(raw, variant);
    let protocol: string | undefined;
    let clientCertificate: ClientCertificateSeen | undefined;
    let detail: string | undefined;
    let connect: SniffedConnect | undefined;
    let largeRecord: 'acknowledged' | 'not-acknowledged' | undefined;
    let handedOver = false;
    const chunks: Buffer[] = [];
    return new Promise((resolve) => {
      let timer = setTimeout(() => {
        detail ??=
          protocol === undefined ? 'no handshake' : `no CONNECT within ${options.connectWaitMs / 1000} s`;
        socket.destroy();
      }, options.connectWaitMs);
      const finish = () => {
        clearTimeout(timer);
        resolve({
          presented: variant,
          at,
          endedAt: elapsed(),
          handshake: protocol === undefined ? 'failed' : 'completed',
          ...(protocol === undefined ? {} : { protocol }),
          ...(detail === undefined ? {} : { detail }),
          ...(connect === undefined ? {} : { connect }),
          ...(largeRecord === undefined ? {} : { largeRecord }),
          ...(clientCertificate === undefined ? {} : { clientCertificate }),
        });
      };
      let stream: Duplex = socket;
      const sniffer = sniffPackets({
        onConnect(seen) {
          connect = seen;
          if (variant === 'good') {
            // The broker reads CONNECT again: put back what was read, then let it have the stream.
            handedOver = true;
            stream.removeListener('data', onData);
            stream.pause();
            stream.unshift(Buffer.concat(chunks));
            chunks.length = 0;
            finish();
            options.onGood(stream);
          } else if (variant === 'large-chain') {
            largeRecord = 'not-acknowledged';
            clearTimeout(timer);
            timer = setTimeout(() => socket.destroy(), options.connectWaitMs);
            stream.write(largeRecordBytes(options.deviceId, LARGE_RECORD_MESSAGE_ID));
          } else {
            // Its token went to a server the device should not trust: close, keep nothing of it.
            socket.destroy();
          }
        },
        onPuback(messageId) {
          if (variant !== 'large-chain' || messageId !== LARGE_RECORD_MESSAGE_ID) return;
          largeRecord = 'acknowledged';
          socket.destroy();
        },
      });
      const onData = (chunk: Buffer) => {
        if (variant === 'good') chunks.push(chunk);
        if (!sniffer.push(chunk)) {
          detail ??= 'sent something that is not MQTT';
          socket.destroy();
        }
      };
      void mqttStreamOf(socket).then((mqtt) => {
        if (mqtt === undefined || handedOver) return;
        stream = mqtt;
        stream.on('data', onData);
      });
      socket.once('secure', () => {
        protocol = socket.getProtocol() ?? 'TLS';
        if (variant === 'good' && options.clientCertificate !== undefined)
          clientCertificate = seenClientCertificate(socket);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        detail ??= tlsErrorText(error);
      });
      socket.once('close', () => {
        if (!handedOver) finish();
      });
    });
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new FleetcertError(
          'FLEETCERT_TLS_LISTEN',
          `cannot serve TLS on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use: choose another --listen-tls port, or 0 for a free one' : error.message}`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port, options.host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : options.port);
    });
  });

  const waitFor = (ms: number, arrivedOrDone: 'arrival' | 'done'): Promise<'ok' | 'timeout' | 'aborted'> =>
    new Promise((resolve) => {
      if (options.signal?.aborted) return resolve('aborted');
      const settle = (outcome: 'ok' | 'timeout' | 'aborted') => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (arrivedOrDone === 'arrival') arrived = undefined;
        else attemptDone = undefined;
        resolve(outcome);
      };
      const onAbort = () => settle('aborted');
      const timer =
        arrivedOrDone === 'arrival' && ms > 0 ? setTimeout(() => settle('timeout'), ms) : undefined;
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (arrivedOrDone === 'arrival') arrived = () => settle('ok');
      else attemptDone = () => settle('ok');
    });

  const record = (async (): Promise<ProbeRecord> => {
    for (let i = 0; i < options.order.length; i++) {
      const waitMs = i === 0 ? options.firstAttemptWaitMs : options.nextAttemptWaitMs;
      const waitStart = elapsed();
      if (next <= i) {
        const outcome = await waitFor(waitMs, 'arrival');
        if (outcome !== 'ok')
          return {
            attempts,
            stopped: {
              cause: outcome === 'aborted' ? 'interrupted' : i === 0 ? 'absent' : 'silent',
              waitedMs: elapsed() - waitStart,
            },
            durationMs: elapsed(),
          };
      }
      if (attempts.length <= i) await waitFor(0, 'done');
    }
    return { attempts, durationMs: elapsed() };
  })();

  return {
    port,
    record,
    async close() {
      upgrader?.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** OpenSSL's reason, without the library's prefix: "tlsv1 alert unknown ca", "unsupported protocol". */
function tlsErrorText(error: NodeJS.ErrnoException): string {
  const reason = (error as { reason?: string }).reason;
  if (typeof reason === 'string' && reason !== '') return reason;
  return error.code ?? error.message;
}

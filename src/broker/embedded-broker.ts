/**
 * fleetcert's own MQTT broker: aedes over TCP (and optionally WebSocket) with the authentication
 * and ACL of PROTOCOL.md section 5 injected as a `BrokerAuthPolicy`. Every refusal is logged with
 * who, what and why (never a password) and every ACL refusal is recorded in an `AclViolationLog`,
 * which the conformance suite reads to judge EDP-MQTT-3. Connection events and `disconnectClient`
 * let certification cut a device off to check EDP-MQTT-1/2.
 */
import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { Aedes, type AuthenticateError, type Client, type PublishPacket } from 'aedes';
import { type Logger, silentLogger } from '../log/logger.js';
import { truncate } from '../printable.js';
import { parseDeviceTopic } from '../transport/mqtt/topics.js';
import { type BrokerAuthPolicy, createBrokerAuthPolicy } from './auth-policy.js';
import {
  guardConnections,
  LOGGED_ID_CHARS,
  type PacketRefusalInfo,
  type ProtocolRefusal,
} from './connection-guards.js';
import { openBrokerListeners } from './listeners.js';
import { LoginGate } from './login-gate.js';
import { DEFAULT_PACKET_LIMITS, type PacketLimits, webSocketMessageLimit } from './packet-limits.js';
import type { Principal } from './principal.js';
import { anyTokenPolicy } from './token-policy.js';
import { type AclViolation, type AclViolationLog, createMemoryViolationLog } from './violation-log.js';

export interface EmbeddedBrokerOptions {
  /** Interface to listen on. Default `127.0.0.1` (local only). */
  readonly host?: string;
  /** MQTT (TCP) port. Default 1883; 0 picks a free port. */
  readonly port?: number;
  /** Also serve MQTT over WebSocket on this port (0 picks a free one). Default: no WebSocket. */
  readonly wsPort?: number;
  /** Default: any token accepted, identities and ACL enforced (development only). */
  readonly auth?: BrokerAuthPolicy;
  /** Default: in memory, newest 10,000 entries. */
  readonly violations?: AclViolationLog;
  /** Default: silent. */
  readonly logger?: Logger;
  /** Wall clock for violation timestamps. Default `Date.now`. */
  readonly now?: () => number;
  /** Largest packets accepted, checked before they are buffered. Default `DEFAULT_PACKET_LIMITS`. */
  readonly packetLimits?: PacketLimits;
  /** How long a connection may take to send its CONNECT (slowloris). Default 10,000 ms. */
  readonly connectTimeoutMs?: number;
}

export type { PacketRefusalInfo, ProtocolRefusal } from './connection-guards.js';

export interface ClientInfo {
  readonly clientId: string;
  /** `undefined` when the client never got past authentication. */
  readonly principal?: Principal;
}

export interface WillInfo extends ClientInfo {
  readonly topic: string;
  readonly payload: Buffer;
}

export interface AuthRefusal {
  readonly at: number;
  readonly clientId: string;
  readonly username: string | undefined;
  readonly returnCode: number;
  readonly reason: string;
}

export interface BrokerEventMap {
  clientConnected: [ClientInfo];
  clientDisconnected: [ClientInfo];
  /** A will was published for a client lost without DISCONNECT (EDP-MQTT-1). */
  willPublished: [WillInfo];
  authRefused: [AuthRefusal];
  aclRefused: [AclViolation];
  /** A packet over the size limits was refused before it was buffered, and its connection closed. */
  packetRefused: [PacketRefusalInfo];
  /** A CONNECT of a protocol level aedes does not serve (MQTT 5) got CONNACK 1 and was closed. */
  protocolRefused: [ProtocolRefusal];
}

export interface EmbeddedBroker {
  /** `mqtt://HOST:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** `ws://HOST:PORT` when WebSocket is served. */
  readonly wsUrl?: string;
  readonly wsPort?: number;
  readonly aedes: Aedes;
  readonly violations: AclViolationLog;
  readonly events: EventEmitter<BrokerEventMap>;
  /** Client ids of connected (authenticated) clients. */
  connectedClientIds(): string[];
  isConnected(clientId: string): boolean;
  /**
   * Cuts a client's connection abruptly (no DISCONNECT), so the broker publishes its will
   * (EDP-MQTT-1) and the client must reconnect (EDP-MQTT-2). False when it was not connected.
   */
  disconnectClient(clientId: string): boolean;
  /**
   * Serves a connection accepted elsewhere (a TLS socket from certification's TLS listener,
   * CONNECT unread) as if it had come to the broker's own port.
   */
  accept(stream: Duplex): void;
  close(): Promise<void>;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const policy = options.auth ?? createBrokerAuthPolicy({ tokens: anyTokenPolicy() });
  const violations = options.violations ?? createMemoryViolationLog();
  const logger = options.logger ?? silentLogger();
  const now = options.now ?? Date.now;
  const events = new EventEmitter<BrokerEventMap>();
  // Per-client state lives beside aedes' objects, never on them (HOUSE: no state written onto packets).
  const principals = new WeakMap<Client, Principal>();
  const wills = new WeakMap<Client, unknown>();
  const connected = new Map<string, Client>();
  const logins = new LoginGate(policy);
  const limits = options.packetLimits ?? DEFAULT_PACKET_LIMITS;
  // What a CONNECT said, for refusals made before aedes records the client id (MQTT 5).
  const connects = new WeakMap<Client, { protocolVersion?: number; clientId: string }>();

  const aedes = await Aedes.createBroker({
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    preConnect(client, packet, done) {
      connects.set(client, {
        clientId: packet.clientId ?? '',
        ...(packet.protocolVersion === undefined ? {} : { protocolVersion: packet.protocolVersion }),
      });
      // aedes publishes this very object as the will, so identity tells a will from a normal publish.
      if (packet.will) wills.set(client, packet.will);
      done(null, true);
    },
    authenticate(client, username, password, done) {
      const decision = logins.decide({ clientId: client.id, username, password, clean: client.clean });
      if (decision.ok) {
        principals.set(client, decision.principal);
        return done(null, true);
      }
      const shownUsername = username === undefined ? undefined : truncate(username, LOGGED_ID_CHARS);
      const shownClientId = truncate(client.id, LOGGED_ID_CHARS);
      const refusal: AuthRefusal = {
        at: now(),
        clientId: shownClientId,
        username: shownUsername,
        returnCode: decision.returnCode,
        reason: decision.reason,
      };
      // Once per refused CONNECT, ids truncated: a 60,000-character username made 120 KB lines.
      logger.warn(
        {
          event: 'auth-refused',
          clientId: shownClientId,
          username: shownUsername,
          returnCode: decision.returnCode,
        },
        decision.reason,
      );
      events.emit('authRefused', refusal);
      const error = Object.assign(new Error(decision.reason), {
        returnCode: decision.returnCode,
      }) as AuthenticateError;
      done(error, false);
    },
    authorizePublish(client, packet, done) {
      const principal = client === null ? undefined : principals.get(client);
      if (client === null || principal === undefined) {
        // A will left over from a client this broker no longer knows: nobody to vouch for it.
        logger.warn(
          { event: 'acl-refused', action: 'publish', topic: truncate(packet.topic) },
          'publish from an unknown client refused',
        );
        return done(new Error('unknown client'));
      }
      const decision = policy.authorizePublish(principal, packet.topic);
      if (!decision.allowed) {
        refuseAcl(client, principal, 'publish', packet.topic, decision.reason, decision.rule);
        // [MQTT-3.3.5-2]: MQTT 3.1.1 cannot tell a publisher "no"; aedes closes its connection.
        return done(new Error(decision.reason));
      }
      // Only state and model are retained (section 5). A retained request would be executed again
      // by the device every time it subscribes, so retain is stripped, not stored.
      if (packet.retain && !keepsRetain(packet.topic)) {
        logger.warn(
          {
            event: 'retain-stripped',
            clientId: truncate(client.id, LOGGED_ID_CHARS),
            topic: truncate(packet.topic),
          },
          'retain flag dropped: only state and model are retained (docs/protocol.md, section 5)',
        );
        packet.retain = false;
      }
      if (wills.get(client) === packet) {
        events.emit('willPublished', {
          clientId: client.id,
          principal,
          topic: packet.topic,
          payload: toBuffer(packet),
        });
        logger.debug({ event: 'will', clientId: client.id, topic: packet.topic }, 'will published');
      }
      done(null);
    },
    authorizeSubscribe(client, subscription, done) {
      const principal = principals.get(client);
      const decision =
        principal === undefined
          ? { allowed: false as const, reason: 'not authenticated' }
          : policy.authorizeSubscribe(principal, subscription.topic);
      if (decision.allowed) return done(null, subscription);
      if (principal !== undefined) {
        refuseAcl(client, principal, 'subscribe', subscription.topic, decision.reason, decision.rule);
      }
      // A null subscription is granted 0x80 (failure) without dropping the connection [MQTT-3.9.3].
      done(null, null);
    },
  });

  function refuseAcl(
    client: Client,
    principal: Principal,
    action: 'publish' | 'subscribe',
    topic: string,
    reason: string,
    rule: 'EDP-MQTT-3' | undefined,
  ): void {
    const violation: AclViolation = {
      at: now(),
      clientId: client.id,
      username: principal.username,
      principal: principal.kind,
      ...(principal.kind === 'device' ? { deviceId: principal.deviceId } : {}),
      action,
      topic,
      reason,
      ...(rule === undefined ? {} : { rule }),
    };
    violations.record(violation);
    logger.warn(
      {
        event: 'acl-refused',
        clientId: truncate(client.id, LOGGED_ID_CHARS),
        username: truncate(principal.username, LOGGED_ID_CHARS),
        action,
        topic: truncate(topic),
        rule,
      },
      reason,
    );
    events.emit('aclRefused', violation);
  }

  // `client` (registered, before CONNACK) rather than `clientReady`: once a client sees CONNACK, it is known here.
  aedes.on('client', (client) => {
    connected.set(client.id, client);
    const principal = principals.get(client);
    logger.debug({ event: 'connected', clientId: client.id }, 'client connected');
    events.emit('clientConnected', { clientId: client.id, ...(principal ? { principal } : {}) });
  });
  aedes.on('clientDisconnect', (client) => {
    // A takeover by a new connection with the same id must not forget the new one.
    if (connected.get(client.id) === client) {
      connected.delete(client.id);
      logins.release(client.id, client.clean);
    }
    const principal = principals.get(client);
    logger.debug({ event: 'disconnected', clientId: client.id }, 'client disconnected');
    events.emit('clientDisconnected', { clientId: client.id, ...(principal ? { principal } : {}) });
  });
  aedes.on('clientError', (client, error) => {
    logger.debug(
      { event: 'client-error', clientId: truncate(client.id, LOGGED_ID_CHARS), err: truncate(error.message) },
      'client error',
    );
  });
  const handle = guardConnections(aedes, {
    limits,
    logger,
    now,
    connectOf: (client) => connects.get(client),
    onPacketRefused: (info) => events.emit('packetRefused', info),
    onProtocolRefused: (refusal) => events.emit('protocolRefused', refusal),
  });

  let listeners: Awaited<ReturnType<typeof openBrokerListeners>>;
  try {
    listeners = await openBrokerListeners(handle, {
      host,
      port: options.port ?? 1883,
      wsMaxPayload: webSocketMessageLimit(limits),
      ...(options.wsPort === undefined ? {} : { wsPort: options.wsPort }),
    });
  } catch (error) {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    throw error;
  }
  const { port, wsPort } = listeners;

  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  const broker: EmbeddedBroker = {
    url: `mqtt://${urlHost}:${port}`,
    host,
    port,
    ...(wsPort === undefined ? {} : { wsUrl: `ws://${urlHost}:${wsPort}`, wsPort }),
    aedes,
    violations,
    events,
    connectedClientIds: () => [...connected.keys()],
    isConnected: (clientId) => connected.has(clientId),
    accept: (stream) => handle(stream),
    disconnectClient(clientId) {
      const client = connected.get(clientId);
      if (client === undefined) return false;
      logger.info({ event: 'cut', clientId }, 'cutting client connection');
      client.conn.destroy();
      return true;
    },
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => aedes.close(() => resolve()));
        await listeners.close();
      })();
      return closing;
    },
  };
  logger.info(
    { event: 'listening', url: broker.url, wsUrl: broker.wsUrl },
    `broker listening on ${broker.url}${broker.wsUrl ? ` and ${broker.wsUrl}` : ''}`,
  );
  return broker;
}

function keepsRetain(topic: string): boolean {
  const kind = parseDeviceTopic(topic)?.kind;
  return kind === 'state' || kind === 'model';
}

function toBuffer(packet: PublishPacket): Buffer {
  return typeof packet.payload === 'string'
    ? Buffer.from(packet.payload, 'utf8')
    : Buffer.from(packet.payload);
}

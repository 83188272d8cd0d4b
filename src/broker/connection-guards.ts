/**
 * What the embedded broker does with every new connection before aedes reads it: the packet
 * size limits (packet-limits.ts) installed on its parser, and the refusals aedes makes on its
 * own (an MQTT 5 CONNECT gets CONNACK 1) turned into one log line and an event. Refusals are
 * logged once per connection, with client ids cut to LOGGED_ID_CHARS.
 */
import type { Aedes, Client } from 'aedes';
import type { Logger } from '../log/logger.js';
import { truncate } from '../printable.js';
import { limitPacketSizes, type PacketLimits, type PacketRefusal } from './packet-limits.js';

/** Longest client id or username a log line or refusal carries. */
export const LOGGED_ID_CHARS = 80;

export interface PacketRefusalInfo extends PacketRefusal {
  readonly at: number;
  /** Truncated; empty before the CONNECT was read. */
  readonly clientId: string;
}

export interface ProtocolRefusal {
  readonly at: number;
  readonly clientId: string;
  /** The CONNECT's protocol level: 5 for MQTT 5; 3 and 4 are served. */
  readonly protocolVersion: number | undefined;
}

export interface ConnectionGuardOptions {
  readonly limits: PacketLimits;
  readonly logger: Logger;
  readonly now: () => number;
  /** What the client's CONNECT said (recorded in preConnect): aedes sets no id on a refused one. */
  readonly connectOf: (
    client: Client,
  ) => { readonly protocolVersion?: number; readonly clientId: string } | undefined;
  readonly onPacketRefused: (info: PacketRefusalInfo) => void;
  readonly onProtocolRefused: (refusal: ProtocolRefusal) => void;
}

type Handle = (stream: Parameters<Aedes['handle']>[0], request?: Parameters<Aedes['handle']>[1]) => void;

/** The connection handler to serve with (instead of `aedes.handle`). */
export function guardConnections(aedes: Aedes, options: ConnectionGuardOptions): Handle {
  const { limits, logger, now } = options;
  aedes.on('connectionError', (client, error) => {
    // aedes answers a CONNECT of protocol level 5 with CONNACK 1: it serves MQTT 3.1 and 3.1.1 only.
    if ((error as { errorCode?: number }).errorCode !== 1) return;
    const connect = options.connectOf(client);
    const clientId = truncate(client.id ?? connect?.clientId ?? '', LOGGED_ID_CHARS);
    const protocolVersion = connect?.protocolVersion;
    logger.warn(
      { event: 'protocol-refused', clientId, protocolVersion },
      `MQTT protocol level ${protocolVersion} refused (CONNACK 1): this broker serves MQTT 3.1.1`,
    );
    options.onProtocolRefused({ at: now(), clientId, protocolVersion });
  });
  return (stream, request) => {
    const client = aedes.handle(stream, request);
    limitPacketSizes((client as unknown as { _parser: unknown })._parser, limits, (refusal) => {
      const info: PacketRefusalInfo = {
        ...refusal,
        at: now(),
        clientId: truncate(client.id ?? '', LOGGED_ID_CHARS),
      };
      // Once: the connection is closed with the refusal, so it sends nothing more.
      logger.warn(
        { event: 'packet-refused', ...info },
        'packet over the size limit refused; connection closed',
      );
      options.onPacketRefused(info);
    });
  };
}

/**
 * Packet size limits of the embedded broker, enforced when a packet's fixed header has been
 * read and before its body is buffered. MQTT allows a remaining length of up to 256 MB, and
 * aedes' parser (mqtt-packet) buffers whatever is declared before anything checks it: three
 * connections declaring huge CONNECTs took the broker from 173 MB to 715 MB. Neither aedes nor
 * mqtt-packet has a size option, so the limit hooks the parser's length step, the one place
 * that knows the declared length first; the packet is refused, what was buffered is dropped and
 * the connection closed.
 */
import { MAX_MESSAGE_BYTES } from '../protocol/codes.js';

export interface PacketLimits {
  /** A connection's first packet: its CONNECT (or whatever an attacker sends instead). */
  readonly connect: number;
  /** A later PUBLISH: a message of section 3 plus topic, packet id and headroom. */
  readonly publish: number;
  /** Any other later packet (SUBSCRIBE lists and the like). */
  readonly other: number;
}

/**
 * The embedded broker's limits, in bytes of remaining length (everything after the fixed header).
 * A CONNECT carries a client id and username of at most 64 characters, a token and a small will:
 * 8 KiB is far more. A PUBLISH may carry 64 KiB plus 4 KiB for the topic and packet id; the
 * headroom also lets the harness's oversize probe (a request a few bytes over 65,536,
 * EDP-RPC-4) reach devices, which must answer it with -32600 themselves.
 */
export const DEFAULT_PACKET_LIMITS: PacketLimits = Object.freeze({
  connect: 8 * 1024,
  publish: MAX_MESSAGE_BYTES + 4 * 1024,
  other: 16 * 1024,
});

/**
 * The largest WebSocket message the broker's WebSocket listener accepts: the largest packet
 * the limits allow anywhere, plus its fixed header (at most 5 bytes). `ws` buffers a whole
 * message before handing it on (100 MiB by default), so without this the packet limits above
 * ran only after the buffering they exist to prevent: three unauthenticated 90 MiB messages
 * took the broker from 125 MB to a 558 MB peak. A larger message closes the socket with 1009.
 */
export function webSocketMessageLimit(limits: PacketLimits): number {
  return Math.max(limits.connect, limits.publish, limits.other) + 5;
}

export interface PacketRefusal {
  readonly command: string;
  /** The remaining length the packet declared. */
  readonly declaredBytes: number;
  readonly limit: number;
  /** The connection's first packet, which must be a CONNECT. */
  readonly first: boolean;
}

export class PacketTooLargeError extends Error {
  readonly refusal: PacketRefusal;

  constructor(refusal: PacketRefusal) {
    super(
      `${refusal.command} packet of ${refusal.declaredBytes} bytes refused: over the limit of ${refusal.limit} bytes${refusal.first ? ' as the first packet (the CONNECT)' : ''}`,
    );
    this.name = 'PacketTooLargeError';
    this.refusal = refusal;
  }
}

/** The parts of mqtt-packet's Parser (v9) this hook relies on; checked when it is installed. */
interface ParserInternals {
  packet: { cmd?: string; length: number };
  _list: { length: number; consume(bytes: number): unknown };
  _parseLength(): boolean;
  _emitError(error: Error): void;
}

function isParserInternals(parser: unknown): parser is ParserInternals {
  const candidate = parser as Partial<ParserInternals> | undefined;
  return (
    typeof candidate?._parseLength === 'function' &&
    typeof candidate._emitError === 'function' &&
    typeof candidate._list?.consume === 'function'
  );
}

/**
 * Installs the limits on one aedes client's parser. Packets after the CONNECT get their own
 * limits even before CONNACK: MQTT lets a client send them at once (a device may pipeline its
 * retained model), and aedes queues at most 42 of them until the login is decided. Throws when the parser is not the one this was written for, so an aedes or
 * mqtt-packet upgrade that moves these internals fails loudly in tests rather than silently
 * dropping the limit.
 */
export function limitPacketSizes(
  parser: unknown,
  limits: PacketLimits,
  onRefused: (refusal: PacketRefusal) => void,
): void {
  if (!isParserInternals(parser)) {
    throw new Error('packet limits: the MQTT parser does not look like mqtt-packet v9 (upgrade changed it?)');
  }
  const parseLength = parser._parseLength.bind(parser);
  let first = true;
  parser._parseLength = () => {
    const done = parseLength();
    if (!done) return false;
    const command = parser.packet.cmd ?? 'unknown';
    const limit = first ? limits.connect : command === 'publish' ? limits.publish : limits.other;
    const wasFirst = first;
    first = false;
    if (parser.packet.length <= limit) return true;
    // Drop what is buffered now; the connection is closed on the error, so nothing more is read.
    parser._list.consume(parser._list.length);
    const refusal: PacketRefusal = { command, declaredBytes: parser.packet.length, limit, first: wasFirst };
    onRefused(refusal);
    parser._emitError(new PacketTooLargeError(refusal));
    return false;
  };
}

/**
 * The broker-control port of `--listen` certification (HOUSE: ports owned by the judge): what
 * the judge needs from the broker the device connects to when fleetcert runs that broker. The
 * composition (runs/) starts the embedded broker, lets the device and the judge's controller
 * log in, and passes it in; the judge never starts or stops a broker. fleetcert's embedded
 * broker (src/broker) has this shape; a test may hand in any other.
 */
import type { AclViolationLog, AuthRefusal, ClientInfo, ProtocolRefusal } from '../../src/broker/index.js';

/** The broker events the judge listens to while it waits for the device (an EventEmitter's `on`/`off`). */
export interface ListenBrokerEvents {
  on(event: 'clientConnected', listener: (info: ClientInfo) => void): unknown;
  on(event: 'authRefused', listener: (refusal: AuthRefusal) => void): unknown;
  on(event: 'protocolRefused', listener: (refusal: ProtocolRefusal) => void): unknown;
  off(event: 'clientConnected', listener: (info: ClientInfo) => void): unknown;
  off(event: 'authRefused', listener: (refusal: AuthRefusal) => void): unknown;
  off(event: 'protocolRefused', listener: (refusal: ProtocolRefusal) => void): unknown;
}

export interface ListenBroker {
  /** `mqtt://HOST:PORT`, as the device is told to reach it. */
  readonly url: string;
  readonly port: number;
  readonly events: ListenBrokerEvents;
  /** Every publish and subscribe the ACL refused (EDP-MQTT-3). */
  readonly violations: Pick<AclViolationLog, 'forDevice'>;
  isConnected(clientId: string): boolean;
  /** Cuts a client abruptly (no DISCONNECT), so its will fires; false when it was not connected. */
  disconnectClient(clientId: string): boolean;
}

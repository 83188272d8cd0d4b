/**
 * What certification needs from a broker it runs itself (`--listen`): cut a device off, see
 * when it connects again, and read the ACL refusals recorded against it. An interface, so the
 * checks do not depend on the broker's implementation.
 */
export interface BrokerControl {
  /** Cuts the client's connection abruptly (no DISCONNECT); false when it was not connected. */
  cut(clientId: string): boolean;
  /** Resolves with the time (on `now`) the client next connects, or `undefined` after `timeoutMs`. */
  nextConnect(clientId: string, timeoutMs: number): Promise<number | undefined>;
  isConnected(clientId: string): boolean;
  /** Every publish and subscribe of this device that the ACL refused (EDP-MQTT-3). */
  aclRefusals(
    deviceId: string,
  ): ReadonlyArray<{ readonly action: string; readonly topic: string; readonly reason: string }>;
}

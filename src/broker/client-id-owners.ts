/**
 * Which login a client id belongs to while it has a connection or a kept session on the broker.
 * MQTT ties a session (subscriptions, queued QoS 1 messages) to the client id alone, so without
 * this a second login presenting the same id with clean=false would receive the first one's
 * queued messages, and any login could take over another's connection. Devices are already tied
 * to their id (client id = username, clean session, auth-policy.ts); this covers controllers.
 */
export class ClientIdOwners {
  private readonly owners = new Map<string, string>();

  /** The other login holding `clientId`, or `undefined` when `username` may use it. */
  heldByAnother(clientId: string, username: string): string | undefined {
    const owner = this.owners.get(clientId);
    return owner === undefined || owner === username ? undefined : owner;
  }

  claim(clientId: string, username: string): void {
    this.owners.set(clientId, username);
  }

  /** The connection closed; with a clean session nothing of it stays, so the id is free again. */
  release(clientId: string, clean: boolean): void {
    if (clean) this.owners.delete(clientId);
  }
}

/**
 * Who may log in under which client id: the auth policy's decision (PROTOCOL.md section 5), then
 * the ownership rules of client ids. A device's client id is its device id, so a controller may
 * not use the id of a device this broker has seen, and a device always takes its id back from a
 * controller that presented it first (the broker disconnects the squatter). No other login may
 * take over a connection or queued session another login holds.
 */
import { truncate } from '../printable.js';
import { type AuthDecision, type BrokerAuthPolicy, ConnackCode } from './auth-policy.js';
import { ClientIdOwners } from './client-id-owners.js';
import { LOGGED_ID_CHARS } from './connection-guards.js';

export interface LoginAttempt {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  readonly clean: boolean;
}

export class LoginGate {
  private readonly owners = new ClientIdOwners();
  private readonly knownDevices = new Set<string>();

  constructor(private readonly policy: BrokerAuthPolicy) {}

  /** The decision for one CONNECT; an accepted login owns its client id until `release`. */
  decide(attempt: LoginAttempt): AuthDecision {
    const decision = this.check(attempt);
    if (decision.ok) this.owners.claim(attempt.clientId, decision.principal.username);
    return decision;
  }

  /** The connection closed; with a clean session nothing of it stays, so the id is free again. */
  release(clientId: string, clean: boolean): void {
    this.owners.release(clientId, clean);
  }

  private check(attempt: LoginAttempt): AuthDecision {
    const decision = this.policy.authenticate(attempt);
    if (!decision.ok) return decision;
    const { principal } = decision;
    const { clientId } = attempt;
    if (principal.kind === 'controller' && this.knownDevices.has(clientId)) {
      return {
        ok: false,
        returnCode: ConnackCode.identifierRejected,
        reason: `client id ${JSON.stringify(clientId)} is device ${clientId}'s (docs/protocol.md, section 5: a device's client id is its device id); connect ${truncate(principal.username, LOGGED_ID_CHARS)} with a client id of its own`,
      };
    }
    const holder = this.owners.heldByAnother(clientId, principal.username);
    if (holder === undefined || (principal.kind === 'device' && holder.startsWith('controller:'))) {
      if (principal.kind === 'device') this.knownDevices.add(principal.deviceId);
      return decision;
    }
    return {
      ok: false,
      returnCode: ConnackCode.identifierRejected,
      reason: `client id ${JSON.stringify(truncate(clientId, LOGGED_ID_CHARS))} belongs to another login's connection or session (${truncate(holder, LOGGED_ID_CHARS)}): no login may take over another's connection or queued messages; choose your own client id`,
    };
  }
}

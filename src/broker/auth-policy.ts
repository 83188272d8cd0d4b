/**
 * The broker's policy hooks, aedes-style (authenticate, authorizePublish, authorizeSubscribe),
 * as pure decisions over a `Principal`. The embedded broker injects one; the default combines a
 * `TokenPolicy` with the ACL of section 5.
 */

import { truncate } from '../printable.js';
import { type AclDecision, checkPublish, checkSubscribe } from './acl.js';
import { type Principal, principalFor } from './principal.js';
import type { TokenPolicy } from './token-policy.js';

/** MQTT 3.1.1 CONNACK return codes a refusal may carry. */
export const ConnackCode = { identifierRejected: 2, badUsernameOrPassword: 4, notAuthorized: 5 } as const;
export type ConnackRefusalCode = (typeof ConnackCode)[keyof typeof ConnackCode];

export interface ConnectRequest {
  readonly clientId: string;
  readonly username: string | undefined;
  readonly password: Uint8Array | undefined;
  /** The CONNECT's clean session flag; `undefined` is read as clean. */
  readonly clean?: boolean;
}

export type AuthDecision =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly returnCode: ConnackRefusalCode; readonly reason: string };

export interface BrokerAuthPolicy {
  authenticate(request: ConnectRequest): AuthDecision;
  authorizePublish(principal: Principal, topic: string): AclDecision;
  authorizeSubscribe(principal: Principal, filter: string): AclDecision;
}

export interface BrokerAuthPolicyOptions {
  readonly tokens: TokenPolicy;
}

export function createBrokerAuthPolicy(options: BrokerAuthPolicyOptions): BrokerAuthPolicy {
  const { tokens } = options;
  return {
    authenticate({ clientId, username, password, clean }) {
      if (username === undefined || username.length === 0) {
        return refuse(
          ConnackCode.badUsernameOrPassword,
          'no username: log in with a device id or controller:NAME',
        );
      }
      const principal = principalFor(username);
      if (principal === undefined) {
        return refuse(
          ConnackCode.badUsernameOrPassword,
          `username ${JSON.stringify(truncate(username, 80))} is neither a device id (^[a-z0-9][a-z0-9-]{2,63}$) nor controller:NAME`,
        );
      }
      // Section 5: a device's client id is its device id, so one device has one session.
      if (principal.kind === 'device' && clientId !== principal.deviceId) {
        return refuse(
          ConnackCode.identifierRejected,
          `device ${principal.deviceId} must connect with client id ${principal.deviceId}, not ${JSON.stringify(truncate(clientId, 80))}`,
        );
      }
      // Section 5: clean session on. A device's queued requests would otherwise wait for whoever
      // next presents its client id with clean=false.
      if (principal.kind === 'device' && clean === false) {
        return refuse(
          ConnackCode.identifierRejected,
          `device ${principal.deviceId} must connect with a clean session (docs/protocol.md, section 5: clean session on)`,
        );
      }
      if (!tokens.accepts(username, password)) {
        return refuse(ConnackCode.badUsernameOrPassword, `wrong or missing token for ${username}`);
      }
      return { ok: true, principal };
    },
    authorizePublish: checkPublish,
    authorizeSubscribe: checkSubscribe,
  };
}

function refuse(returnCode: ConnackRefusalCode, reason: string): AuthDecision {
  return { ok: false, returnCode, reason };
}

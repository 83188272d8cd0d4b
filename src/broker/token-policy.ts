/**
 * How the broker checks a client's password (its token, PROTOCOL.md section 5). Three policies:
 * - `sharedTokenPolicy(T)`: one token for every client (`fleetcert broker --token T`, development);
 * - `tokenMapPolicy(map)`: username → token (`--tokens FILE`), unknown usernames refused;
 * - `anyTokenPolicy()`: any password or none (`fleetcert broker` without flags, local development
 *   only; identities and the ACL are still enforced).
 * Comparisons run in constant time; tokens never appear in `description` or in any log.
 */
import { timingSafeEqual } from 'node:crypto';

export interface TokenPolicy {
  /** `shared`, `map` or `any`. */
  readonly mode: 'shared' | 'map' | 'any';
  /** For logs: how tokens are checked, never a token. */
  readonly description: string;
  accepts(username: string, password: Uint8Array | undefined): boolean;
}

export function sharedTokenPolicy(token: string): TokenPolicy {
  if (token.length === 0) throw new RangeError('sharedTokenPolicy: the token must not be empty');
  const expected = Buffer.from(token, 'utf8');
  return {
    mode: 'shared',
    description: 'one shared token for every client',
    accepts: (_username, password) => sameBytes(expected, password),
  };
}

/** `tokens` maps a username (a device id or `controller:NAME`) to its token. */
export function tokenMapPolicy(
  tokens: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): TokenPolicy {
  const entries = tokens instanceof Map ? [...tokens] : Object.entries(tokens);
  const expected = new Map<string, Buffer>();
  for (const [username, token] of entries) {
    if (token.length === 0)
      throw new RangeError(`tokenMapPolicy: the token of ${JSON.stringify(username)} is empty`);
    expected.set(username, Buffer.from(token, 'utf8'));
  }
  return {
    mode: 'map',
    description: `a token per username (${expected.size} usernames)`,
    accepts: (username, password) => {
      const token = expected.get(username);
      return token !== undefined && sameBytes(token, password);
    },
  };
}

export function anyTokenPolicy(): TokenPolicy {
  return {
    mode: 'any',
    description: 'any token accepted (development mode)',
    accepts: () => true,
  };
}

function sameBytes(expected: Buffer, given: Uint8Array | undefined): boolean {
  if (given === undefined || given.byteLength !== expected.byteLength) return false;
  return timingSafeEqual(expected, given);
}

/**
 * Everything `certifyHub` needs, resolved once at the edge (CLI, `npm start`, tests) into one
 * typed object. The composition starts the broker, the fleet and the hub (whose configuration
 * it wrote from `planHubGrants`) and passes the fleet in as a `FleetPort`. Timeouts may only be
 * made longer than PROTOCOL.md section 8's.
 */
import type { Logger } from '../../../src/log/index.js';
import type { ReplayToken } from '../model-based/replay-token.js';
import type { FleetPort } from './fleet-port.js';
import type { HubRuleId } from './hub-rule-ids.js';
import type { HubSessionProgress } from './hub-session-progress.js';
import type { HubAppToken } from './plan-hub-grants.js';

/** Limits of section 8 the judge measures against; each may only be longer than the protocol's. */
export interface HubTimeouts {
  /** EDP-HUB-2: `-4010` within this of the command. Protocol: 2000. */
  readonly offlineMs: number;
  /** EDP-HUB-2: `-4011` no later than D + this. Protocol: 1000. */
  readonly lateAfterDeadlineMs: number;
  /** EDP-HUB-3: a notification within this of the device sending it. Protocol: 1000. */
  readonly notificationMs: number;
  /** EDP-HUB-4: presence within this of the change. Protocol: 2000. */
  readonly presenceMs: number;
}

export const PROTOCOL_HUB_TIMEOUTS: HubTimeouts = Object.freeze({
  offlineMs: 2_000,
  lateAfterDeadlineMs: 1_000,
  notificationMs: 1_000,
  presenceMs: 2_000,
});

export type HubProgressEvent =
  | { readonly kind: 'phase'; readonly text: string }
  | ({ readonly kind: 'session' } & HubSessionProgress)
  | { readonly kind: 'rule'; readonly rule: HubRuleId; readonly verdict: 'passed' | 'failed' | 'not-run' };

export interface HubCertifyConfig {
  /** `ws://HOST:PORT/edp/1/hub`. */
  readonly hubUrl: string;
  /** What the report names as the subject: the hub command, or the URL. */
  readonly target: string;
  /** At least three tokens: a list grant, `"*"`, a disjoint list (see planHubGrants). */
  readonly apps: readonly HubAppToken[];
  /** Ids granted but never online. */
  readonly ghosts: readonly string[];
  /** Fleet devices no list grant names. */
  readonly ungranted: readonly string[];
  /** Ids in no grant and not in the fleet. */
  readonly unknown: readonly string[];
  /** A token the hub does not know (401 expected). */
  readonly unknownToken: string;
  /** D of EDP-HUB-2, as written in the hub's configuration. */
  readonly deadlineMs: number;
  readonly fleet: FleetPort;
  readonly seed: number;
  /** Runs (generated app sessions) in all. */
  readonly runs: number;
  readonly replay?: ReplayToken;
  readonly only?: readonly HubRuleId[];
  /** Longer limits than the protocol's, when the user asks (the report says so). */
  readonly timeouts?: Partial<HubTimeouts>;
  /** Commands per generated session. Default 10. */
  readonly maxCommands?: number;
  /** Time to shrink one rule's counterexample. Default 10 s; 0 turns shrinking off. */
  readonly shrinkTimeLimitMs?: number;
  /** Whole-run limit for exploring; results so far are kept. Default 120 s. */
  readonly timeLimitMs?: number;
  readonly toolVersion: string;
  readonly replayCommand?: (replay: ReplayToken | undefined, rule: HubRuleId) => string;
  readonly logger?: Logger;
  readonly onProgress?: (event: HubProgressEvent) => void;
}

export interface ResolvedHubTimeouts extends HubTimeouts {
  readonly extended: boolean;
}

export function resolveHubTimeouts(asked: Partial<HubTimeouts> = {}): ResolvedHubTimeouts {
  const pick = (key: keyof HubTimeouts) => Math.max(PROTOCOL_HUB_TIMEOUTS[key], asked[key] ?? 0);
  const resolved = {
    offlineMs: pick('offlineMs'),
    lateAfterDeadlineMs: pick('lateAfterDeadlineMs'),
    notificationMs: pick('notificationMs'),
    presenceMs: pick('presenceMs'),
  };
  const extended = (Object.keys(resolved) as (keyof HubTimeouts)[]).some(
    (k) => resolved[k] > PROTOCOL_HUB_TIMEOUTS[k],
  );
  return { ...resolved, extended };
}

/**
 * The hub judge: one pure function from a run's record to its violations, each charged to the
 * ONE rule of section 8 it breaks, and the time until which the run must go on before a missing
 * answer or notification can be called missing.
 */
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { HubRunRecord } from '../hub-run-record.js';
import { sortAppMessages } from './app-messages.js';
import type { DeliveryJudgement } from './deliveries.js';
import { type EvidenceGap, evidenceGaps } from './evidence-gaps.js';
import { fewestRules } from './fewest-rules.js';
import { judgeForwarding } from './forwarding.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { judgeNotifications } from './notifications.js';
import { judgePresence } from './presence.js';
import { judgeResponses } from './responses.js';
import { subscriptionTimeline } from './subscriptions.js';
import { describeUpgradeOutcome } from './upgrade-outcome.js';

export interface HubJudgement {
  readonly violations: readonly HubViolation[];
  /** Not yet decidable: the run must last until this time. */
  readonly pendingUntilMs?: number;
  /**
   * The devices whose records are incomplete within the run (evidence-gaps.ts): the run reaches
   * no verdict, neither a violation nor a pass, whatever the rest of the record says.
   */
  readonly incomplete?: readonly EvidenceGap[];
}

export function judgeHubRun(record: HubRunRecord, timeouts: ResolvedHubTimeouts): HubJudgement {
  const gaps = evidenceGaps(record);
  if (gaps.length > 0) return { violations: [], incomplete: gaps };
  const sorted = sortAppMessages(record);
  const forwarding = judgeForwarding(record, (request) =>
    request.id === null ? undefined : sorted.responses.get(request.connection)?.get(request.id)?.[0],
  );
  const responses = judgeResponses(record, sorted, forwarding, timeouts);
  const subscriptions = subscriptionTimeline(record, sorted);
  const notifications = judgeNotifications(record, sorted, subscriptions, timeouts);
  const presence = judgePresence(record, sorted, subscriptions, timeouts);
  const leftOut = leftOutOfSet(notifications, presence);
  const readings: HubViolation[] = [
    ...sorted.violations,
    ...forwarding.violations,
    ...responses.violations,
    ...notifications.violations.filter((v) => !leftOut.explained.has(v)),
    ...presence.violations.filter((v) => !leftOut.explained.has(v)),
    ...leftOut.violations,
    ...judgeConnections(record),
    ...judgeUpgrades(record),
  ];
  // Where one piece of evidence is one violation of either of two rules, the reading that breaks
  // the fewest distinct rules over the whole run (issue 18: a resend among resends, not a leak).
  const violations = fewestRules(readings, forwarding.ties);
  violations.sort((a, b) => (a.atMs ?? 0) - (b.atMs ?? 0));
  const pending = [responses.pendingUntilMs, notifications.pendingUntilMs, presence.pendingUntilMs].filter(
    (x): x is number => x !== undefined,
  );
  return pending.length === 0 ? { violations } : { violations, pendingUntilMs: Math.max(...pending) };
}

/**
 * The fewest-violations reading of a subscribed connection that got nothing at all about a
 * device it was owed both notifications and presence of: one EDP-HUB-3 violation (the hub left
 * the device out of the connection's set, e.g. a "*" missing a device that appeared later), not
 * a missing presence (EDP-HUB-4) plus missing notifications. Presence alone missing stays HUB-4's.
 */
function leftOutOfSet(
  notifications: DeliveryJudgement,
  presence: DeliveryJudgement,
): { violations: HubViolation[]; explained: Set<HubViolation> } {
  const violations: HubViolation[] = [];
  const explained = new Set<HubViolation>();
  for (const [key, missingPresence] of presence.silent ?? []) {
    const missingNotifications = notifications.silent?.get(key);
    if (missingNotifications === undefined) continue;
    const [connection, deviceId] = key.split(' ');
    for (const v of [...missingPresence, ...missingNotifications]) explained.add(v);
    const first = Math.min(...[...missingPresence, ...missingNotifications].map((v) => v.atMs ?? 0));
    violations.push(
      hubViolation(
        'EDP-HUB-3',
        `${connection} is subscribed to ${deviceId}: its notifications and presence reach it`,
        `it got nothing about ${deviceId} (${missingNotifications.length} notifications, ${missingPresence.length} presence changes missing)`,
        { ...(connection === undefined ? {} : { lane: connection }), atMs: first },
      ),
    );
  }
  return { violations, explained };
}

/** EDP-HUB-2: a hub that closes an app connection (or floods it) cannot give every request its one response. */
function judgeConnections(record: HubRunRecord): HubViolation[] {
  const out: HubViolation[] = [];
  for (const c of record.connections) {
    if (c.closedAtMs !== undefined && c.closedAtMs < record.endMs)
      out.push(
        hubViolation(
          'EDP-HUB-2',
          `the hub keeps ${c.name} open while the app uses it`,
          'the hub closed the connection',
          {
            lane: c.name,
            atMs: c.closedAtMs,
          },
        ),
      );
    if (c.droppedFrames > 0)
      out.push(
        hubViolation(
          'EDP-HUB-2',
          `one response per request and one notification per device notification on ${c.name}`,
          `the hub flooded the connection past the recording limit (${c.droppedFrames} more frames counted before fleetcert stopped reading it)`,
          { lane: c.name },
        ),
      );
  }
  return out;
}

/** EDP-HUB-5: a token the hub does not know is granted nothing: 401 before the upgrade. */
function judgeUpgrades(record: HubRunRecord): HubViolation[] {
  return record.upgrades
    .filter((u) => u.outcome !== 401)
    .map((u) =>
      hubViolation(
        'EDP-HUB-5',
        `${u.command}: a token the hub does not know is refused with HTTP 401 before the upgrade`,
        describeUpgradeOutcome(u),
        { lane: 'hub', atMs: u.atMs },
      ),
    );
}

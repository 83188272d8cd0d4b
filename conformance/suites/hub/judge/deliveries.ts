/**
 * Matching what one connection received about one device against what the device sent
 * (EDP-HUB-3 notifications, EDP-HUB-4 presence): each sent thing at most once, in the device's
 * order, within the window; the things it had to get, it got. Pure; the callers say which rule
 * a failure is charged to.
 */
import type { HubRuleId } from '../hub-rule-ids.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import type { Coverage } from './subscriptions.js';

const CLOCK_TOLERANCE_MS = 2;

export interface Sent<T> {
  readonly atMs: number;
  readonly value: T;
}

export interface Got<T> {
  readonly atMs: number;
  readonly value: T;
  readonly text: string;
}

export interface DeliveryCase<T> {
  readonly connection: string;
  readonly deviceId: string;
  readonly what: string;
  readonly sent: readonly Sent<T>[];
  readonly got: readonly Got<T>[];
  readonly same: (a: T, b: T) => boolean;
  readonly windowMs: number;
  readonly endMs: number;
  /** Is the connection subscribed to the device throughout [at, at + window]? */
  readonly coverage: (atMs: number) => Coverage;
  /** May this device reach the connection's token at all (EDP-HUB-5)? */
  readonly granted: boolean;
  /** Sent things that may never have left the device (so they are owed at most once, not exactly once). */
  readonly mayBeLost?: (atMs: number) => boolean;
  readonly rule: HubRuleId;
}

export interface DeliveryJudgement {
  readonly violations: HubViolation[];
  readonly pendingUntilMs?: number;
}

export function judgeDeliveries<T>(c: DeliveryCase<T>): DeliveryJudgement {
  const violations: HubViolation[] = [];
  const where = (atMs: number) => ({ lane: c.connection, atMs });
  const matched = new Set<number>();
  let next = 0;
  for (const g of c.got) {
    if (!c.granted) {
      violations.push(
        hubViolation(
          'EDP-HUB-5',
          `no ${c.what} of ${c.deviceId} (not granted) reaches ${c.connection}`,
          g.text,
          where(g.atMs),
        ),
      );
      continue;
    }
    let j = -1;
    for (let k = next; k < c.sent.length; k++) {
      const s = c.sent[k] as Sent<T>;
      if (g.atMs >= s.atMs - CLOCK_TOLERANCE_MS && c.same(s.value, g.value)) {
        j = k;
        break;
      }
    }
    if (j < 0) {
      const earlier = c.sent.findIndex(
        (s, k) => k < next && c.same(s.value, g.value) && g.atMs >= s.atMs - CLOCK_TOLERANCE_MS,
      );
      const observed =
        earlier < 0
          ? `${g.text}, which ${c.deviceId} never sent (or not before)`
          : matched.has(earlier)
            ? `${g.text} a second time`
            : `${g.text} after a later ${c.what} of ${c.deviceId}`;
      violations.push(
        hubViolation(
          c.rule,
          `each ${c.what} of ${c.deviceId} reaches ${c.connection} once, in ${c.deviceId}'s order`,
          observed,
          where(g.atMs),
        ),
      );
      continue;
    }
    const s = c.sent[j] as Sent<T>;
    matched.add(j);
    next = j + 1;
    const coverage = c.coverage(s.atMs);
    if (coverage === 'no')
      violations.push(
        hubViolation(
          c.rule,
          `no ${c.what} of ${c.deviceId} reaches ${c.connection}, which is not subscribed to it`,
          g.text,
          where(g.atMs),
        ),
      );
    else if (g.atMs - s.atMs > c.windowMs)
      violations.push(
        hubViolation(
          c.rule,
          `${c.what} of ${c.deviceId} reaches ${c.connection} within ${c.windowMs} ms`,
          `${g.text} ${Math.round(g.atMs - s.atMs)} ms after ${c.deviceId} sent it`,
          where(g.atMs),
        ),
      );
  }
  let pendingUntilMs: number | undefined;
  if (c.granted)
    c.sent.forEach((s, k) => {
      if (matched.has(k) || c.coverage(s.atMs) !== 'yes' || c.mayBeLost?.(s.atMs) === true) return;
      const due = s.atMs + c.windowMs;
      if (c.endMs < due) pendingUntilMs = Math.max(pendingUntilMs ?? 0, due);
      else
        violations.push(
          hubViolation(
            c.rule,
            `every ${c.what} of ${c.deviceId} reaches ${c.connection} (subscribed) within ${c.windowMs} ms`,
            `it never got ${JSON.stringify(s.value)}`,
            where(s.atMs),
          ),
        );
    });
  return pendingUntilMs === undefined ? { violations } : { violations, pendingUntilMs };
}

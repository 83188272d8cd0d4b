/**
 * Matching what one connection received about one device against what the device sent
 * (EDP-HUB-3 notifications, EDP-HUB-4 presence). Pure; the callers say which rule a failure is
 * charged to.
 *
 * The most charitable reading: the received items are aligned with the sent ones in order (an
 * optimal in-order alignment, not first fit), so a received `false` answers the abrupt offline
 * after the subscribe, not the graceful one before it. Sent items the connection was not owed
 * (not subscribed throughout, or possibly lost with an abrupt cut, or not yet due) may be left
 * unmatched at no cost; an owed one left unmatched, an extra received one (a duplicate, one the
 * device never sent, one out of order), and a match that came late or to a connection not
 * subscribed cost one violation each. The alignment with the fewest violations is taken, and
 * only its violations are blamed.
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
  /** The judge's own lateness between two moments: it widens the window (judge-late.ts). */
  readonly judgeLate?: (fromMs: number, toMs: number) => number;
}

export interface DeliveryJudgement {
  readonly violations: HubViolation[];
  readonly pendingUntilMs?: number;
  /**
   * Owed items missing on a connection that got nothing at all about the device, keyed
   * `connection device`: if both the device's notifications and its presence are silent there,
   * judgeHubRun reads it as one EDP-HUB-3 violation (the device left out of the subscription set).
   */
  readonly silent?: ReadonlyMap<string, readonly HubViolation[]>;
}

export const silentKey = (connection: string, deviceId: string) => `${connection} ${deviceId}`;

/**
 * What pairing sent item i with received item j costs: 0, 1 (late), a little over 1 (to a
 * connection not subscribed: so that an item the connection was owed, repeated, reads as a
 * repeat of the owed one, its own rule's, rather than as the delivery of an older change it was
 * not owed), or impossible.
 */
type PairCost = 0 | 1 | typeof UNSUBSCRIBED_PAIR | undefined;
const UNSUBSCRIBED_PAIR = 1.001;

export function judgeDeliveries<T>(c: DeliveryCase<T>): DeliveryJudgement {
  const where = (atMs: number) => ({ lane: c.connection, atMs });
  if (!c.granted)
    return {
      violations: c.got.map((g) =>
        hubViolation(
          'EDP-HUB-5',
          `no ${c.what} of ${c.deviceId} (not granted) reaches ${c.connection}`,
          g.text,
          where(g.atMs),
        ),
      ),
    };
  const coverage = c.sent.map((s) => c.coverage(s.atMs));
  const owed = c.sent.map(
    (s, i) => coverage[i] === 'yes' && c.mayBeLost?.(s.atMs) !== true && s.atMs + c.windowMs <= c.endMs,
  );
  const tooLate = (sentAtMs: number, gotAtMs: number) =>
    gotAtMs - sentAtMs > c.windowMs + (c.judgeLate?.(sentAtMs, gotAtMs) ?? 0);
  const pairCost = (i: number, j: number): PairCost => {
    const s = c.sent[i] as Sent<T>;
    const g = c.got[j] as Got<T>;
    if (g.atMs < s.atMs - CLOCK_TOLERANCE_MS || !c.same(s.value, g.value)) return undefined;
    return coverage[i] === 'no' ? UNSUBSCRIBED_PAIR : tooLate(s.atMs, g.atMs) ? 1 : 0;
  };
  const pairs = align(c.sent.length, c.got.length, (i) => (owed[i] ? 1 : 0), pairCost);
  const violations: HubViolation[] = [];
  const matchedSent = new Set<number>();
  const matchedGot = new Set<number>();
  for (const [i, j] of pairs) {
    matchedSent.add(i);
    matchedGot.add(j);
    const s = c.sent[i] as Sent<T>;
    const g = c.got[j] as Got<T>;
    // Anything (notification or presence) reaching a connection not subscribed to the device
    // breaks the subscription semantics of EDP-HUB-3, whatever the item's own rule.
    if (coverage[i] === 'no')
      violations.push(
        hubViolation(
          'EDP-HUB-3',
          `no ${c.what} of ${c.deviceId} reaches ${c.connection}, which is not subscribed to it`,
          g.text,
          where(g.atMs),
        ),
      );
    else if (tooLate(s.atMs, g.atMs))
      violations.push(
        hubViolation(
          c.rule,
          `${c.what} of ${c.deviceId} reaches ${c.connection} within ${c.windowMs} ms`,
          `${g.text} ${Math.round(g.atMs - s.atMs)} ms after ${c.deviceId} sent it`,
          where(g.atMs),
        ),
      );
  }
  // An extra received item that repeats or reorders a sent one is told as such; one that pairs with
  // an owed item left unmatched (out of order) is one violation, not an extra and a missing one.
  const explained = new Set<number>();
  c.got.forEach((g, j) => {
    if (matchedGot.has(j)) return;
    const candidates = c.sent
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => c.same(s.value, g.value) && g.atMs >= s.atMs - CLOCK_TOLERANCE_MS);
    const reordered = candidates.find(({ i }) => owed[i] && !matchedSent.has(i) && !explained.has(i));
    if (reordered !== undefined) explained.add(reordered.i);
    const observed =
      reordered !== undefined
        ? `${g.text} after a later ${c.what} of ${c.deviceId}`
        : candidates.length === 0
          ? `${g.text}, which ${c.deviceId} never sent (or not before)`
          : candidates.some(({ i }) => matchedSent.has(i))
            ? `${g.text} a second time`
            : `${g.text} after a later ${c.what} of ${c.deviceId}`;
    // In the window of an owed item still unanswered, with another value: that item delivered
    // wrong (one violation of the item's rule), not a stray delivery plus a missing one.
    const wrong =
      reordered === undefined
        ? c.sent.findIndex(
            (s, i) =>
              owed[i] &&
              !matchedSent.has(i) &&
              !explained.has(i) &&
              g.atMs >= s.atMs - CLOCK_TOLERANCE_MS &&
              g.atMs - s.atMs <= c.windowMs,
          )
        : -1;
    if (wrong >= 0) {
      explained.add(wrong);
      violations.push(
        hubViolation(
          c.rule,
          `every ${c.what} of ${c.deviceId} reaches ${c.connection} as ${c.deviceId} sent it`,
          `${g.text}, not ${JSON.stringify(c.sent[wrong]?.value)}`,
          where(g.atMs),
        ),
      );
    }
    // Only ever sent while the connection was not subscribed, and not subscribed when it came: a
    // stray delivery (EDP-HUB-3). One reaching a subscriber is the item's own rule's (issue 18: a
    // WebSocket comeback announced to a "*" subscriber before the device's `hello`, whose only
    // earlier `true` came before the subscribe, is a presence no change caused, EDP-HUB-4's).
    else if (
      reordered === undefined &&
      candidates.length > 0 &&
      candidates.every(({ i }) => coverage[i] === 'no') &&
      c.coverage(g.atMs) === 'no'
    )
      violations.push(
        hubViolation(
          'EDP-HUB-3',
          `no ${c.what} of ${c.deviceId} reaches ${c.connection}, which is not subscribed to it`,
          g.text,
          where(g.atMs),
        ),
      );
    else
      violations.push(
        hubViolation(
          c.rule,
          `each ${c.what} of ${c.deviceId} reaches ${c.connection} once, in ${c.deviceId}'s order`,
          observed,
          where(g.atMs),
        ),
      );
  });
  let pendingUntilMs: number | undefined;
  const missing: HubViolation[] = [];
  c.sent.forEach((s, i) => {
    if (matchedSent.has(i) || explained.has(i) || coverage[i] !== 'yes' || c.mayBeLost?.(s.atMs) === true)
      return;
    const due = s.atMs + c.windowMs;
    if (c.endMs < due) pendingUntilMs = Math.max(pendingUntilMs ?? 0, due);
    else
      missing.push(
        hubViolation(
          c.rule,
          `every ${c.what} of ${c.deviceId} reaches ${c.connection} (subscribed) within ${c.windowMs} ms`,
          `it never got ${JSON.stringify(s.value)}`,
          where(s.atMs),
        ),
      );
  });
  violations.push(...missing);
  const silent =
    c.got.length === 0 && missing.length > 0
      ? new Map([[silentKey(c.connection, c.deviceId), missing]])
      : undefined;
  return {
    violations,
    ...(pendingUntilMs === undefined ? {} : { pendingUntilMs }),
    ...(silent === undefined ? {} : { silent }),
  };
}

/**
 * The cheapest in-order alignment of n sent and m received items (a weighted edit distance):
 * leaving sent item i unmatched costs `skip(i)`, a received one 1, pairing (i, j) `pair(i, j)`
 * (undefined: impossible). Returns the pairs [i, j], in order. Ties prefer pairing over skipping
 * (fewer items told as missing or extra).
 */
export function align(
  n: number,
  m: number,
  skip: (i: number) => number,
  pair: (i: number, j: number) => number | undefined,
): [number, number][] {
  if (m === 0) return [];
  const width = m + 1;
  // cost[i * width + j]: cheapest alignment of sent[i..] with got[j..].
  const cost = new Float64Array((n + 1) * width);
  const move = new Uint8Array((n + 1) * width); // 0 pair, 1 skip sent, 2 skip got
  for (let i = n; i >= 0; i--)
    for (let j = m; j >= 0; j--) {
      const k = i * width + j;
      if (i === n && j === m) continue;
      let best = Number.POSITIVE_INFINITY;
      let how = 0;
      if (i < n && j < m) {
        const p = pair(i, j);
        if (p !== undefined) best = p + (cost[(i + 1) * width + j + 1] as number);
      }
      if (i < n) {
        const viaSkip = skip(i) + (cost[(i + 1) * width + j] as number);
        if (viaSkip < best) {
          best = viaSkip;
          how = 1;
        }
      }
      if (j < m) {
        const viaExtra = 1 + (cost[i * width + j + 1] as number);
        if (viaExtra < best) {
          best = viaExtra;
          how = 2;
        }
      }
      cost[k] = best;
      move[k] = how;
    }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const how = move[i * width + j];
    if (how === 0) pairs.push([i++, j++]);
    else if (how === 1) i++;
    else j++;
  }
  return pairs;
}

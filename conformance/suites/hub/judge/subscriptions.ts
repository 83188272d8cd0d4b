/**
 * Each connection's subscription set over time (EDP-HUB-3), as the hub's own answers make it:
 * `{}` replaces the set with the list (`"*"` every device, `[]` none), an error changes nothing.
 * Between sending `subscribe` and its answer, and after an answer that never came, both the old
 * and the new set are possible: notifications then are judged "at most once", not "exactly once".
 * Following the hub's answers (not what it should have answered) charges a wrong answer to the
 * answer's rule alone, not again to every notification after it.
 */
import type { HubRunRecord } from '../hub-run-record.js';
import type { SortedAppMessages } from './app-messages.js';
import { accessOf } from './grants.js';

type SubscriptionSet = '*' | ReadonlySet<string>;

interface Span {
  readonly fromMs: number;
  readonly toMs: number;
  readonly possible: readonly SubscriptionSet[];
}

export type Coverage = 'yes' | 'no' | 'maybe';

export interface SubscriptionTimeline {
  /** Whether `connection` is subscribed to `deviceId` throughout [fromMs, toMs]. */
  coverage(connection: string, deviceId: string, fromMs: number, toMs: number): Coverage;
}

export function subscriptionTimeline(record: HubRunRecord, sorted: SortedAppMessages): SubscriptionTimeline {
  const spans = new Map<string, Span[]>();
  for (const c of record.connections) {
    const list: Span[] = [];
    let current: SubscriptionSet[] = [new Set()];
    let since = c.openedAtMs;
    const subscribes = record.requests
      .filter((r) => r.connection === c.name && r.intent.kind === 'subscribe')
      .sort((a, b) => a.sentAtMs - b.sentAtMs);
    for (const s of subscribes) {
      if (s.intent.kind !== 'subscribe') continue;
      const requested: SubscriptionSet = s.intent.deviceIds === '*' ? '*' : new Set(s.intent.deviceIds);
      const answer = s.id === null ? undefined : sorted.responses.get(c.name)?.get(s.id)?.[0];
      list.push({ fromMs: since, toMs: s.sentAtMs, possible: current });
      const accepted = answer?.hasResult === true && !answer.hasError;
      // An answer the protocol did not allow ({} for an id not granted, an error for granted
      // ones) is its rule's violation alone: the set may then be either the old or the new one.
      const required = requiredAnswer(record, c.app, s.intent.deviceIds);
      const after: SubscriptionSet[] =
        answer === undefined || (required !== 'either' && required !== (accepted ? 'accept' : 'refuse'))
          ? [...current, requested]
          : accepted
            ? [requested]
            : current;
      const settled = answer?.frame.atMs ?? Number.POSITIVE_INFINITY;
      list.push({ fromMs: s.sentAtMs, toMs: settled, possible: [...current, ...after] });
      current = after;
      since = settled;
    }
    list.push({ fromMs: since, toMs: c.closedAtMs ?? Number.POSITIVE_INFINITY, possible: current });
    spans.set(c.name, list);
  }
  return {
    coverage(connection, deviceId, fromMs, toMs) {
      const list = spans.get(connection);
      if (list === undefined) return 'no';
      const c = record.connections.find((x) => x.name === connection);
      if (c !== undefined && (c.openedAtMs > fromMs || (c.closedAtMs !== undefined && c.closedAtMs < toMs)))
        return 'maybe';
      let yes = false;
      let no = false;
      for (const span of list) {
        if (span.toMs < fromMs || span.fromMs > toMs) continue;
        for (const set of span.possible) {
          if (set === '*' || set.has(deviceId)) yes = true;
          else no = true;
        }
      }
      return yes && no ? 'maybe' : yes ? 'yes' : 'no';
    },
  };
}

/** What section 8 lets the hub answer a subscribe: `{}` (accept), `-4012` (refuse), or either (a "*" ghost). */
function requiredAnswer(
  record: HubRunRecord,
  app: string,
  deviceIds: readonly string[] | '*',
): 'accept' | 'refuse' | 'either' {
  if (deviceIds === '*') return 'accept';
  const access = deviceIds.map((id) => accessOf(record, app, id));
  return access.includes('refused') ? 'refuse' : access.includes('either') ? 'either' : 'accept';
}

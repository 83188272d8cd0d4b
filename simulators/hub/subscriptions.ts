/**
 * One app connection's subscription set (EDP-HUB-3): `subscribe` replaces it, `[]` empties it,
 * `"*"` means every granted device now and later (judged when a notification comes, not when
 * subscribing). Pure.
 */
import type { HubFaults } from './faults/types.js';
import type { Grant } from './grants.js';

export type Subscription =
  | { readonly kind: 'none' }
  | { readonly kind: 'all' }
  | { readonly kind: 'list'; readonly ids: ReadonlySet<string> };

export const NO_SUBSCRIPTION: Subscription = Object.freeze({ kind: 'none' });

/** Whether a notification of `deviceId` goes to a connection with this subscription and grant. */
export function subscribedTo(subscription: Subscription, grant: Grant, deviceId: string): boolean {
  switch (subscription.kind) {
    case 'none':
      return false;
    case 'all':
      return grant.covers(deviceId);
    case 'list':
      return subscription.ids.has(deviceId) && grant.covers(deviceId);
  }
}

/**
 * The subscription after `subscribe { deviceIds }` (already checked: every listed id granted).
 * `knownGranted` lists the granted devices known now (only the planted `star-misses-later` uses it).
 */
export function nextSubscription(
  current: Subscription,
  deviceIds: readonly string[] | '*',
  faults: HubFaults,
  knownGranted: () => readonly string[],
): Subscription {
  let next: Subscription;
  if (deviceIds === '*') {
    // fault hook: star-misses-later (a snapshot instead of "now and later")
    next = faults.has('star-misses-later') ? { kind: 'list', ids: new Set(knownGranted()) } : { kind: 'all' };
  } else next = deviceIds.length === 0 ? NO_SUBSCRIPTION : { kind: 'list', ids: new Set(deviceIds) };
  // fault hook: subscribe-appends (a union instead of a replacement)
  if (faults.has('subscribe-appends')) return union(current, next);
  return next;
}

function union(a: Subscription, b: Subscription): Subscription {
  if (a.kind === 'all' || b.kind === 'all') return { kind: 'all' };
  if (a.kind === 'none') return b;
  if (b.kind === 'none') return a;
  return { kind: 'list', ids: new Set([...a.ids, ...b.ids]) };
}

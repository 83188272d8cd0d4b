/**
 * One app connection's subscription set (EDP-HUB-3): `subscribe` replaces it, `[]` empties it,
 * `"*"` means every granted device now and later (judged when a notification comes, not when
 * subscribing). Pure.
 */
import type { HubFaults } from './faults/types.js';
import type { Grant } from './grants.js';

export type Subscription =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'all';
      /** Only under the planted `star-misses-later`: the devices whose notifications `"*"` still relays. */
      readonly snapshot?: ReadonlySet<string>;
    }
  | { readonly kind: 'list'; readonly ids: ReadonlySet<string> };

/** Device notifications (EDP-HUB-3) or presence (EDP-HUB-4). */
export type Delivery = 'notification' | 'presence';

export const NO_SUBSCRIPTION: Subscription = Object.freeze({ kind: 'none' });

/** Whether a notification or presence of `deviceId` goes to a connection with this subscription and grant. */
export function subscribedTo(
  subscription: Subscription,
  grant: Grant,
  deviceId: string,
  delivery: Delivery = 'notification',
): boolean {
  switch (subscription.kind) {
    case 'none':
      return false;
    case 'all':
      if (
        delivery === 'notification' &&
        subscription.snapshot !== undefined &&
        !subscription.snapshot.has(deviceId)
      )
        return false;
      return grant.covers(deviceId);
    case 'list':
      return subscription.ids.has(deviceId) && grant.covers(deviceId);
  }
}

/**
 * The subscription after `subscribe { deviceIds }` (already checked: every listed id granted).
 * `onlineGranted` lists the granted devices online now (only the planted `star-misses-later` uses it).
 */
export function nextSubscription(
  current: Subscription,
  deviceIds: readonly string[] | '*',
  faults: HubFaults,
  onlineGranted: () => readonly string[],
): Subscription {
  let next: Subscription;
  if (deviceIds === '*') {
    // fault hook: star-misses-later (notifications from a snapshot of the online devices, not "now and later")
    next = faults.has('star-misses-later')
      ? { kind: 'all', snapshot: new Set(onlineGranted()) }
      : { kind: 'all' };
  } else next = deviceIds.length === 0 ? NO_SUBSCRIPTION : { kind: 'list', ids: new Set(deviceIds) };
  // fault hook: subscribe-appends (a union instead of a replacement)
  if (faults.has('subscribe-appends')) return union(current, next);
  // fault hook: subscribe-narrow-leaks (a list narrowed to a non-empty part of itself keeps the old list)
  if (faults.has('subscribe-narrow-leaks') && narrows(current, next)) return current;
  return next;
}

function union(a: Subscription, b: Subscription): Subscription {
  if (a.kind === 'all') return a;
  if (b.kind === 'all') return b;
  if (a.kind === 'none') return b;
  if (b.kind === 'none') return a;
  return { kind: 'list', ids: new Set([...a.ids, ...b.ids]) };
}

/** `next` is a non-empty list of only ids `current`'s list has, and fewer of them. */
function narrows(current: Subscription, next: Subscription): boolean {
  return (
    current.kind === 'list' &&
    next.kind === 'list' &&
    next.ids.size > 0 &&
    next.ids.size < current.ids.size &&
    [...next.ids].every((id) => current.ids.has(id))
  );
}

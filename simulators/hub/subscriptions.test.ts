/** Subscription sets (EDP-HUB-3): subscribe replaces, [] empties, "*" covers granted devices now and later. */
import { describe, expect, it } from 'vitest';
import { parseHubFaults } from './faults/parse.js';
import { NO_HUB_FAULTS } from './faults/types.js';
import type { Grant } from './grants.js';
import { NO_SUBSCRIPTION, nextSubscription, subscribedTo } from './subscriptions.js';

const listGrant: Grant = {
  name: 'app#0',
  devices: new Set(['a-01', 'b-01']),
  covers: (id) => id === 'a-01' || id === 'b-01',
};
const known = new Set(['a-01', 'b-01']);
const starGrant: Grant = { name: 'app#1', devices: '*', covers: (id) => known.has(id) };
const none = () => [];

describe('subscriptions', () => {
  it('replaces the set and [] unsubscribes', () => {
    const first = nextSubscription(NO_SUBSCRIPTION, ['a-01'], NO_HUB_FAULTS, none);
    const second = nextSubscription(first, ['b-01'], NO_HUB_FAULTS, none);
    expect(subscribedTo(second, listGrant, 'a-01')).toBe(false);
    expect(subscribedTo(second, listGrant, 'b-01')).toBe(true);
    const empty = nextSubscription(second, [], NO_HUB_FAULTS, none);
    expect(subscribedTo(empty, listGrant, 'b-01')).toBe(false);
  });

  it('"*" covers granted devices only, including ones that appear later', () => {
    const all = nextSubscription(NO_SUBSCRIPTION, '*', NO_HUB_FAULTS, none);
    expect(subscribedTo(all, listGrant, 'a-01')).toBe(true);
    expect(subscribedTo(all, listGrant, 'c-01')).toBe(false);
    expect(subscribedTo(all, starGrant, 'c-01')).toBe(false);
    known.add('c-01');
    expect(subscribedTo(all, starGrant, 'c-01')).toBe(true);
    known.delete('c-01');
  });

  it('under planted faults: subscribe-appends keeps old ids, star-misses-later snapshots', () => {
    const appends = parseHubFaults(['subscribe-appends']);
    const kept = nextSubscription(
      nextSubscription(NO_SUBSCRIPTION, ['a-01'], appends, none),
      [],
      appends,
      none,
    );
    expect(subscribedTo(kept, listGrant, 'a-01')).toBe(true);
    const snapshot = nextSubscription(NO_SUBSCRIPTION, '*', parseHubFaults(['star-misses-later']), () => [
      'a-01',
    ]);
    expect(subscribedTo(snapshot, listGrant, 'a-01')).toBe(true);
    expect(subscribedTo(snapshot, listGrant, 'b-01')).toBe(false);
  });
});

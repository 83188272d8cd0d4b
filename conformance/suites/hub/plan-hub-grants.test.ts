import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planHubGrants } from './plan-hub-grants.js';

const fleetIds = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/), { minLength: 3, maxLength: 30 });

describe('planHubGrants', () => {
  it('is deterministic in the seed', () => {
    fc.assert(
      fc.property(fleetIds, fc.integer(), (ids, seed) => {
        expect(planHubGrants(ids, seed)).toEqual(planHubGrants([...ids].reverse(), seed));
      }),
    );
  });

  it('gives a list grant, "*", a disjoint list, ghosts and devices granted to nobody', () => {
    fc.assert(
      fc.property(fleetIds, fc.integer(), (ids, seed) => {
        const plan = planHubGrants(ids, seed);
        const [a, b, c] = plan.apps;
        expect(plan.apps.map((x) => x.name)).toEqual(['app-a', 'app-b', 'app-c']);
        expect(b?.devices).toBe('*');
        const listA = a?.devices as string[];
        const listC = c?.devices as string[];
        expect(listA.filter((id) => listC.includes(id))).toEqual([]);
        expect(listA.some((id) => ids.includes(id))).toBe(true);
        expect(listC.some((id) => ids.includes(id))).toBe(true);
        expect(plan.ungranted.length).toBeGreaterThan(0);
        for (const id of plan.ungranted) expect(listA.includes(id) || listC.includes(id)).toBe(false);
        for (const ghost of plan.ghosts) expect(ids).not.toContain(ghost);
        expect(plan.ghosts.every((g) => listA.includes(g) || listC.includes(g))).toBe(true);
        for (const id of plan.unknown) expect([...ids, ...listA, ...listC]).not.toContain(id);
        const tokens = new Set([...plan.apps.map((x) => x.token), plan.unknownToken]);
        expect(tokens.size).toBe(4);
      }),
    );
  });

  it('refuses a fleet too small to hold the grants', () => {
    expect(() => planHubGrants(['bulb-0001', 'tv-0001'], 1)).toThrow(/at least 3 devices/);
  });
});

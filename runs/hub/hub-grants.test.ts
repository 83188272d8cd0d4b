/**
 * Two certifications of one seed and fleet at once get the same grants but never the same app
 * tokens, so an app that reached the other run's hub is refused (401) instead of being answered
 * from devices its own run's records know nothing of (issue 18, outside hub seed 68).
 */
import { describe, expect, it } from 'vitest';
import { planHubGrants } from '../../conformance/suites/hub/index.js';
import { grantsFromPlan } from './hub-grants.js';

const FLEET = ['bulb-0001', 'bulb-0002', 'bulb-0003', 'purifier-0001', 'tv-0001', 'tv-0002'];
const withoutTokens = (plan: ReturnType<typeof grantsFromPlan>) => ({
  ...plan,
  apps: plan.apps.map(({ name, devices }) => ({ name, devices })),
});

describe('grantsFromPlan', () => {
  it('keeps the grants the seed chose and ends every app token with a secret of the run', () => {
    const plan = planHubGrants(FLEET, 68);
    const run = grantsFromPlan(FLEET, 68, 'run-secret');
    expect(withoutTokens(run)).toEqual(withoutTokens(plan));
    expect(run.apps.map((a) => a.token)).toEqual(plan.apps.map((a) => `${a.token}-run-secret`));
    expect(run.unknownToken).toBe(plan.unknownToken);
  });

  it('gives two runs of one seed different tokens, and no run the unknown token', () => {
    const a = grantsFromPlan(FLEET, 68);
    const b = grantsFromPlan(FLEET, 68);
    expect(withoutTokens(a)).toEqual(withoutTokens(b));
    const tokensA = new Set(a.apps.map((x) => x.token));
    for (const app of b.apps) expect(tokensA.has(app.token)).toBe(false);
    expect(tokensA.has(a.unknownToken)).toBe(false);
  });
});

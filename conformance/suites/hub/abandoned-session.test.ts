/**
 * fast-check abandons a hub session still going at its time limit (`interruptAfterTimeLimit`
 * races the run and leaves it going). settleAbandonedSession waits it out, so the next session's
 * fleet reset never overlaps a session still driving the fleet (issue 18), and what the
 * abandoned session finds is not counted. A fake fleet logs who drives it; no hub, no network.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FleetPort } from './fleet-port.js';
import { resolveHubTimeouts } from './hub-certify-config.js';
import { hubProperty, newHubPropertyState, settleAbandonedSession } from './hub-property.js';
import type { HubModel, HubSession, HubSessionContext } from './hub-session.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function fakeFleet(log: string[]): FleetPort {
  const start = performance.now();
  return {
    devices: [],
    now: () => performance.now() - start,
    records: () => ({ received: [], sent: [] }),
    isOnline: () => true,
    goOffline: async () => {},
    comeBack: async () => {},
    setResponsiveness: () => {},
    notifyOnItsOwn: async () => [],
    reset: async () => {
      log.push('reset');
    },
  };
}

/** A session step that drives the fleet for `ms` (as a comeback under load would). */
function slowStep(log: string[], ms: number): fc.AsyncCommand<HubModel, HubSession> {
  return {
    check: () => true,
    run: async () => {
      log.push('session drives the fleet');
      await sleep(ms);
      log.push('session done with the fleet');
    },
    toString: () => `drive the fleet for ${ms} ms`,
  };
}

describe('a session fast-check abandoned at its time limit', () => {
  it('is waited out before anything else drives the fleet, and is not counted', async () => {
    const log: string[] = [];
    const ctx: HubSessionContext = {
      hubUrl: 'ws://127.0.0.1:9/unused',
      apps: [],
      unknownToken: 'unknown',
      deadlineMs: Number.POSITIVE_INFINITY,
      fleet: fakeFleet(log),
      timeouts: resolveHubTimeouts(),
      stats: { requests: 0, latenciesMs: [], incompleteSessions: 0 },
    };
    const state = newHubPropertyState();
    const property = hubProperty(ctx, fc.constant([slowStep(log, 400)]), state, {
      rules: new Set(['EDP-HUB-1']),
      deadlineMs: Number.POSITIVE_INFINITY,
    });
    const details = await fc.check(property, { numRuns: 5, interruptAfterTimeLimit: 100 });
    expect(details.interrupted).toBe(true);
    // fast-check has returned while its session still drives the fleet...
    expect(log).toEqual(['reset', 'session drives the fleet']);

    await settleAbandonedSession(state);
    // ...and once settled, it is done: a reset made now cannot overlap it.
    expect(log).toEqual(['reset', 'session drives the fleet', 'session done with the fleet']);
    // It ended after the check was over: neither a pass nor a skip nor a failure of that check.
    expect(state.passed).toBe(0);
    expect(state.skips).toBe(0);
    expect(state.lastFailure).toBeUndefined();
  });

  it('returns at once when no session was abandoned', async () => {
    const state = newHubPropertyState();
    await settleAbandonedSession(state);
    expect(state.closed).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { describeUpgradeOutcome } from './upgrade-outcome.js';

// EDP-HUB-5: an unknown token must get HTTP 401 before the upgrade; the failure text follows
// "the hub gave" and must say what fleetcert received.
describe('describeUpgradeOutcome (EDP-HUB-5)', () => {
  it('names the status code a refusing hub sent', () => {
    expect(describeUpgradeOutcome({ outcome: 403 })).toBe('HTTP 403 instead of 401, before the upgrade');
  });

  it('says the connection was upgraded', () => {
    expect(describeUpgradeOutcome({ outcome: 'upgraded' })).toBe(
      'HTTP 101: it upgraded the connection (no 401)',
    );
  });

  it('says no reply came, with the socket error when known', () => {
    expect(describeUpgradeOutcome({ outcome: 'unreachable', reason: 'socket hang up' })).toBe(
      'no HTTP reply: the connection closed or failed before any status line (socket hang up)',
    );
    expect(describeUpgradeOutcome({ outcome: 'unreachable' })).toBe(
      'no HTTP reply: the connection closed or failed before any status line',
    );
  });

  it('never repeats "the hub" (the summary already starts "the hub gave")', () => {
    for (const outcome of [400, 'upgraded', 'unreachable'] as const)
      expect(describeUpgradeOutcome({ outcome, reason: 'read ECONNRESET' })).not.toMatch(/the hub/i);
  });
});

/**
 * What the hub did with an unknown token's upgrade, worded to follow "the hub gave …" in a
 * failure summary (EDP-HUB-5: HTTP 401 before the upgrade), so a partner reads what was received.
 */
import type { UpgradeCheck } from '../hub-run-record.js';

export function describeUpgradeOutcome(check: Pick<UpgradeCheck, 'outcome' | 'reason'>): string {
  if (check.outcome === 'upgraded') return 'HTTP 101: it upgraded the connection (no 401)';
  if (typeof check.outcome === 'number') return `HTTP ${check.outcome} instead of 401, before the upgrade`;
  const why = check.reason === undefined || check.reason === '' ? '' : ` (${check.reason})`;
  return `no HTTP reply: the connection closed or failed before any status line${why}`;
}

/**
 * What a result's verdict means for people and for CI. `partial` is a run that checked only
 * some rules (`--only`, `--replay`): never a certificate, but it exits 0 when every rule it
 * selected passed, so a fix-and-replay loop works.
 */
import type { CertificationResult } from './certification-result.js';

/** Exit code of a certification with this result: 0 certified or partial without failures, 1 otherwise. */
export function exitCodeOf(result: Pick<CertificationResult, 'verdict'>): 0 | 1 {
  return result.verdict === 'not-certified' ? 1 : 0;
}

/** The rules a partial run selected, as `EDP-PROP-4, EDP-NOTIFY-1` (every model-based rule for a bare `--replay`). */
export function selectedRules(result: Pick<CertificationResult, 'settings' | 'requirements'>): string[] {
  if (result.settings.only !== undefined && result.settings.only.length > 0) return [...result.settings.only];
  return result.requirements.filter((r) => r.verdict !== 'not-run').map((r) => r.rule);
}

/** Whether the run checked only some rules (`--only`, `--replay`): never a certificate, whatever its verdict. */
export function checkedSomeRules(result: Pick<CertificationResult, 'settings'>): boolean {
  return (result.settings.only?.length ?? 0) > 0 || result.settings.replay !== undefined;
}

/**
 * `CERTIFIED`, `NOT CERTIFIED`, `PARTIAL (EDP-PROP-4 only; not a certificate)`, or for a failing
 * run of some rules (a printed replay) `NOT CERTIFIED (EDP-NOTIFY-1 only checked; not a full
 * certification)`, in the case asked for.
 */
export function verdictText(
  result: Pick<CertificationResult, 'verdict' | 'settings' | 'requirements'>,
  upper = true,
): string {
  const text =
    result.verdict === 'certified'
      ? 'certified'
      : result.verdict === 'not-certified'
        ? checkedSomeRules(result)
          ? `not certified (${selectedRules(result).join(', ')} only checked; not a full certification)`
          : 'not certified'
        : `partial (${selectedRules(result).join(', ')} only; not a certificate)`;
  return upper ? text.replace(/^[a-z ]+(?= \(|$)/, (w) => w.toUpperCase()) : text;
}

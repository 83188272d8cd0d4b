/**
 * The counts of a result in words that agree with its failures and its mode, shared by stdout
 * (certify, certify hub) and the report: a failure that is a consequence of another is counted
 * and named as such, and a run that could not check some rules in its mode says which and how.
 */
import type { CertificationResult } from './certification-result.js';

type CountsOf = Pick<CertificationResult, 'counts' | 'requirements'>;

/** `EDP-NOTIFY-2 as a consequence of EDP-PROP-4` for each failure that follows from another. */
export function consequenceNotes(result: Pick<CertificationResult, 'requirements'>): string[] {
  return result.requirements.flatMap((r) =>
    r.verdict === 'failed' && r.consequenceOf !== undefined
      ? [`${r.rule} as a consequence of ${r.consequenceOf}`]
      : [],
  );
}

/** `2 failed (EDP-NOTIFY-2 as a consequence of EDP-PROP-4)`, or `2 failed`. */
export function failedCountText(result: CountsOf): string {
  const notes = consequenceNotes(result);
  return `${result.counts.failed} failed${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`;
}

/** The reason of a rule left out by `--only` (conformance/certify/build-result.ts). */
const NOT_SELECTED = /^not selected\b/;

/** Whether a rule is not run because `--only` left it out: *not selected*, not a rule that could not run. */
export function isNotSelected(r: CertificationResult['requirements'][number]): boolean {
  return r.verdict === 'not-run' && NOT_SELECTED.test(r.reason);
}

/**
 * `15 passed, 2 failed (…), 12 not run`; a run of some rules (`--only`) counts the rules it left
 * out apart, as docs/certification.md names them: `0 passed, 1 failed, 26 not selected`.
 */
export function countsText(result: CountsOf): string {
  const notSelected = result.requirements.filter(isNotSelected).length;
  const notRun = result.counts.notRun - notSelected;
  const head = `${result.counts.passed} passed, ${failedCountText(result)}`;
  if (notSelected === 0) return `${head}, ${notRun} not run`;
  return `${head}${notRun === 0 ? '' : `, ${notRun} not run`}, ${notSelected} not selected`;
}

/**
 * The rules this run's mode cannot check, by the option that would: `in --broker mode;
 * EDP-MQTT-1..3 need --listen, EDP-TLS-1..6 need --listen-tls`. Read from the not-run reasons
 * (each names the option to use); undefined when the mode left nothing out.
 */
export function modeLimitsText(
  result: Pick<CertificationResult, 'requirements' | 'settings'>,
): string | undefined {
  const byOption = new Map<string, string[]>();
  for (const r of result.requirements) {
    if (r.verdict !== 'not-run') continue;
    const option = /\buse (--[a-z-]+)/.exec(r.reason)?.[1];
    if (option === undefined) continue;
    byOption.set(option, [...(byOption.get(option) ?? []), r.rule]);
  }
  if (byOption.size === 0) return undefined;
  const needs = [...byOption].map(
    ([option, rules]) => `${ruleRanges(rules)} need${rules.length === 1 ? 's' : ''} ${option}`,
  );
  return `in --${result.settings.mode} mode; ${needs.join(', ')}`;
}

/** `EDP-MQTT-1..3, EDP-TLS-5`: consecutive rules of one family folded. */
function ruleRanges(rules: readonly string[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < rules.length) {
    const match = /^(.*-)(\d+)$/.exec(rules[i] ?? '');
    let j = i;
    if (match) {
      const [, family, first] = match;
      while (j + 1 < rules.length && rules[j + 1] === `${family}${Number(first) + (j + 1 - i)}`) j++;
    }
    parts.push(j > i ? `${rules[i]}..${j - i + Number(match?.[2])}` : (rules[i] ?? ''));
    i = j + 1;
  }
  return parts.join(', ');
}

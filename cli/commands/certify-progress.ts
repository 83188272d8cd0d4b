/**
 * How `fleetcert certify` shows its progress on a terminal: one line per requirement as its
 * verdict comes in, phases dimmed. (Off a terminal, pino lines carry the same events.) Also the
 * closing summary for stdout. Pure text; the handler writes it. Text from the device or its
 * files (ids, model ids, counterexamples) is printed with control characters escaped: a device
 * id holding `\r` or an ANSI sequence must not rewrite the verdict line.
 */

import type { ProgressEvent } from '../../conformance/certify/index.js';
import { escapeControl, printable } from '../../src/index.js';
import type { CertificationResult, RuleVerdict } from '../../src/result/index.js';
import { countsText, hasExchange, modeLimitsText, verdictText } from '../../src/result/index.js';

/** The colours of certify's progress (device and hub): callers pass them only when NO_COLOR allows. */
export const dim = (s: string) => `\u001b[2m${s}\u001b[22m`;
export const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
export const green = (s: string) => `\u001b[32m${s}\u001b[39m`;

/** Clears the line a `run` event drew, so the next line starts clean (terminals only). */
const CLEAR = '\r\u001b[2K';

/**
 * `terminal`: redraw in place (cursor control); `color`: ANSI colours, on a terminal unless
 * NO_COLOR says otherwise (cli/colour.ts).
 */
export function progressLine(event: ProgressEvent, terminal: boolean, color = terminal): string {
  const clear = terminal ? CLEAR : '';
  if (event.kind === 'phase') {
    const text = escapeControl(event.text);
    return `${clear}${color ? dim(`  · ${text}`) : `  · ${text}`}\n`;
  }
  if (event.kind === 'run') {
    // Redrawn in place on a terminal: the model-based suite moves visibly (exploring, then shrinking).
    const beyond = event.runs > event.budget ? ' (shrinking and replaying failures)' : '';
    const text = `  · model-based suite: run ${event.runs} of ${event.budget}${beyond}, ${event.requests} requests`;
    if (!terminal) return `${text}\n`;
    return `${CLEAR}${color ? dim(text) : text}`;
  }
  return `${clear}${requirementLine(event.requirement, color)}\n`;
}

export function requirementLine(r: RuleVerdict, color: boolean): string {
  const id = r.rule.padEnd(13);
  switch (r.verdict) {
    case 'passed': {
      const mark = color ? green('✓') : '✓';
      return `  ${mark} ${id} passed   ${r.runs} run${r.runs === 1 ? '' : 's'}, ${seconds(r.durationMs)}`;
    }
    case 'failed': {
      const mark = color ? red('✗') : '✗';
      return `  ${mark} ${id} ${color ? red('FAILED') : 'FAILED'}   ${escapeControl(r.counterexample.summary)}`;
    }
    case 'not-run':
      return `  - ${id} not run  ${escapeControl(r.reason)}`;
  }
}

/** `bulb-0001 (fleetcert.bulb.v1)`, or `hub fleetcert hub (12 devices)`. */
function subjectLabel(subject: CertificationResult['subject']): string {
  return subject.kind === 'device'
    ? `${subject.id} (${subject.modelId})`
    : `hub ${subject.target} (${subject.fleet.length} devices)`;
}

export function summaryText(result: CertificationResult, reportsDir: string | undefined): string {
  const limits = modeLimitsText(result);
  // The verdict says what the mode could not check, so a --broker CERTIFIED is read for what it is.
  const verdict = `${verdictText(result)}${limits === undefined ? '' : ` ${limits}`}`;
  const lines = [
    `${printable(subjectLabel(result.subject))}: ${verdict} — ${countsText(result)}`,
    `  ${result.requests} requests in ${seconds(result.durationMs)}, run seed ${result.seed}${result.settings.deadlinesExtended ? `, deadlines extended to ${result.settings.responseDeadlineMs}/${result.settings.notificationDeadlineMs} ms` : ''}`,
  ];
  lines.push(...failureLines(result));
  lines.push(...tlsLines(result));
  for (const advice of result.advice ?? []) lines.push(`  note: ${advice}`);
  if (reportsDir !== undefined) lines.push(`  reports: ${reportsDir}/report.html, result.json, junit.xml`);
  return `${lines.join('\n')}\n`;
}

/**
 * Per failed rule: the rule and its summary, the minimal command sequence, the replay command.
 * The one printer of failures for `certify` (devices) and `certify hub`.
 */
export function failureLines(result: CertificationResult): string[] {
  const lines: string[] = [];
  if (result.requirements.some((r) => r.verdict === 'failed' && r.replay.seed !== result.seed)) {
    lines.push(
      '  (a replay carries the seed of the exploration phase that found its failure, derived from the run seed: each reruns its run alone)',
    );
  }
  for (const r of result.requirements) {
    if (r.verdict !== 'failed') continue;
    lines.push(`  ${r.rule}: ${escapeControl(r.counterexample.summary)}`);
    const what =
      r.consequenceOf !== undefined
        ? `follows from ${r.consequenceOf}; commands of that run`
        : r.reproduced === false
          ? 'seen, not reproduced; commands of the run as seen'
          : 'minimal counterexample';
    // A failure with no exchange (a TLS check, judged at the socket) is told by its summary alone.
    if (hasExchange(r.counterexample))
      lines.push(
        `    ${what}: ${r.counterexample.commands.length === 0 ? 'none: the run’s setup alone shows it (what fleetcert sends before its first generated command: the reads and writes that give every run the same start); the replay below reruns that setup' : escapeControl(r.counterexample.commands.join('; '))}`,
      );
    lines.push(`    replay: ${escapeControl(r.replay.command)}`);
  }
  return lines;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The TLS section (section 9, `--listen-tls`): each certificate presented and what the device did. */
export function tlsLines(result: CertificationResult): string[] {
  const tls = result.tls;
  if (tls === undefined) return [];
  const lines = [
    `  TLS checks (${printable(tls.serverName)}:${tls.port}, plaintext watched on ${tls.plainPort}): ${tls.attempts.length} attempts in ${seconds(tls.durationMs)}${tls.trustAnchor === undefined ? '' : `, trust anchor ${printable(tls.trustAnchor)}`}${tls.clientCa === undefined ? '' : `, client certificate required (CA ${printable(tls.clientCa)})`}`,
  ];
  for (const a of tls.attempts)
    lines.push(
      `    ${a.ok ? 'ok  ' : 'FAIL'} ${a.rule} presented ${escapeControl(a.description)}: ${escapeControl(a.observed)}`,
    );
  for (const clientId of tls.plaintext)
    lines.push(
      `    FAIL EDP-TLS-6 plaintext CONNECT as ${JSON.stringify(printable(clientId))} (its token is not kept)`,
    );
  if (tls.stopped !== undefined) lines.push(`    stopped: ${escapeControl(tls.stopped)}`);
  return lines;
}

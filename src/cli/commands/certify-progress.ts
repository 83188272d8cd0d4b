/**
 * How `fleetcert certify` shows its progress on a terminal: one line per requirement as its
 * verdict comes in, phases dimmed. (Off a terminal, pino lines carry the same events.) Also the
 * closing summary for stdout. Pure text; the handler writes it.
 */
import type { ProgressEvent } from '../../../conformance/certify/progress.js';
import type { CertificationResult, RequirementResult } from '../../result/certification-result.js';
import { verdictText } from '../../result/verdict.js';

const dim = (s: string) => `\u001b[2m${s}\u001b[22m`;
const red = (s: string) => `\u001b[31m${s}\u001b[39m`;
const green = (s: string) => `\u001b[32m${s}\u001b[39m`;

export function progressLine(event: ProgressEvent, color: boolean): string {
  if (event.kind === 'phase') return `${color ? dim(`  · ${event.text}`) : `  · ${event.text}`}\n`;
  return `${requirementLine(event.requirement, color)}\n`;
}

export function requirementLine(r: RequirementResult, color: boolean): string {
  const id = r.rule.padEnd(13);
  switch (r.verdict) {
    case 'passed': {
      const mark = color ? green('✓') : '✓';
      return `  ${mark} ${id} passed   ${r.runs} run${r.runs === 1 ? '' : 's'}, ${seconds(r.durationMs)}`;
    }
    case 'failed': {
      const mark = color ? red('✗') : '✗';
      return `  ${mark} ${id} ${color ? red('FAILED') : 'FAILED'}   ${r.counterexample.summary}`;
    }
    case 'not-run':
      return `  - ${id} not run  ${r.reason}`;
  }
}

export function summaryText(result: CertificationResult, reportsDir: string | undefined): string {
  const { passed, failed, notRun } = result.counts;
  const verdict = verdictText(result);
  const lines = [
    `${result.device.id} (${result.device.modelId}): ${verdict} — ${passed} passed, ${failed} failed, ${notRun} not run`,
    `  ${result.requests} requests in ${seconds(result.durationMs)}, seed ${result.seed}${result.settings.deadlinesExtended ? `, deadlines extended to ${result.settings.responseDeadlineMs}/${result.settings.notificationDeadlineMs} ms` : ''}`,
  ];
  for (const r of result.requirements) {
    if (r.verdict !== 'failed') continue;
    lines.push(`  ${r.rule}: ${r.counterexample.summary}`);
    lines.push(
      `    minimal counterexample: ${r.counterexample.commands.length === 0 ? '(the run’s setup alone)' : r.counterexample.commands.join('; ')}`,
    );
    lines.push(`    replay: ${r.replay.command}`);
  }
  for (const advice of result.advice ?? []) lines.push(`  note: ${advice}`);
  if (reportsDir !== undefined) lines.push(`  reports: ${reportsDir}/report.html, result.json, junit.xml`);
  return `${lines.join('\n')}\n`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

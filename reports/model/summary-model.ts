/**
 * The page that lists every device certified in one run (the `npm start` demo certifies
 * three), each linking to its own report.
 */
import type { CertificationResult } from '../../src/result/certification-result.js';
import { selectedRules } from '../../src/result/verdict.js';
import { formatDuration, formatInteger, formatTimestamp, plural } from './format.js';
import type { ReportVerdict, StatTile } from './report-model.js';

export interface SummaryEntry {
  readonly result: CertificationResult;
  /** Link to the device's report.html, relative to the summary page. */
  readonly reportHref: string;
}

export interface SummaryRow {
  readonly deviceId: string;
  readonly modelId: string;
  readonly binding: string;
  readonly firmware: string;
  readonly badge: { readonly label: string; readonly className: string };
  readonly passed: string;
  readonly failed: string;
  readonly notRun: string;
  readonly duration: string;
  readonly digest: string;
  readonly href: string;
}

export interface SummaryModel {
  readonly title: string;
  readonly masthead: { readonly meta: string; readonly code: string | null };
  readonly verdict: ReportVerdict;
  readonly stats: readonly StatTile[];
  readonly rows: readonly SummaryRow[];
  readonly generator: string;
}

const BINDING = { mqtt: 'MQTT', ws: 'WebSocket' } as const;

export function buildSummaryModel(entries: readonly SummaryEntry[]): SummaryModel {
  const sorted = [...entries].sort((a, b) => (a.result.device.id < b.result.device.id ? -1 : 1));
  const certified = sorted.filter((e) => e.result.verdict === 'certified').length;
  const total = sorted.length;
  const all = total > 0 && certified === total;
  const notCertified = sorted
    .filter((e) => e.result.verdict === 'not-certified')
    .map((e) => e.result.device.id);
  const partial = sorted
    .filter((e) => e.result.verdict === 'partial')
    .map((e) => `${e.result.device.id} (${selectedRules(e.result).join(', ')} only)`);
  const partialText = partial.length === 0 ? '' : ` Partial runs, not certificates: ${partial.join(', ')}.`;
  const started = sorted.map((e) => e.result.startedAt).sort()[0];
  const totalMs = sorted.reduce((sum, e) => sum + e.result.durationMs, 0);
  return {
    title: `EDP/1 certification summary · ${plural(total, 'device')}`,
    masthead: { meta: started ? `Run started ${formatTimestamp(started)}` : 'No devices', code: null },
    verdict: {
      certified: all,
      label: `${formatInteger(certified)} of ${plural(total, 'device')} certified`,
      tone: all ? 'pass' : 'fail',
      className: all ? 'verdict verdict--pass' : 'verdict verdict--fail',
      headline: all
        ? 'Every device kept every requirement that applies to it.'
        : notCertified.length === 0
          ? `No device failed.${partialText}`
          : `Not certified: ${notCertified.join(', ')}. Open a device's report for the rule it broke and the messages that show it.${partialText}`,
    },
    stats: [
      { label: 'Devices', value: formatInteger(total), className: 'stat', note: null },
      { label: 'Certified', value: formatInteger(certified), className: 'stat stat--pass', note: null },
      {
        label: 'Not certified',
        value: formatInteger(total - certified),
        className: total - certified > 0 ? 'stat stat--fail' : 'stat',
        note: null,
      },
      {
        label: 'Requirements failed',
        value: formatInteger(sorted.reduce((sum, e) => sum + e.result.counts.failed, 0)),
        className: 'stat',
        note: null,
      },
      { label: 'Certification time', value: formatDuration(totalMs), className: 'stat', note: null },
    ],
    rows: sorted.map(({ result, reportHref }) => ({
      deviceId: result.device.id,
      modelId: result.device.modelId,
      binding: BINDING[result.device.binding],
      firmware: result.device.firmware ?? 'firmware not reported',
      badge:
        result.verdict === 'certified'
          ? { label: 'Certified', className: 'badge badge--pass' }
          : result.verdict === 'partial'
            ? { label: `Partial: ${selectedRules(result).join(', ')} only`, className: 'badge badge--skip' }
            : { label: 'Not certified', className: 'badge badge--fail' },
      passed: formatInteger(result.counts.passed),
      failed: formatInteger(result.counts.failed),
      notRun: formatInteger(result.counts.notRun),
      duration: formatDuration(result.durationMs),
      digest: result.integrity ? `${result.integrity.digest.slice(0, 16)}…` : 'unsealed',
      href: reportHref,
    })),
    generator: 'fleetcert report · summary',
  };
}

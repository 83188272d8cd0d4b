/**
 * The page that lists every subject certified in one run (the `npm start` demo certifies
 * three devices and a hub), each linking to its own report: hubs first, then devices.
 */
import type { CertificationResult, HubSubject } from '../../src/result/index.js';
import { selectedRules } from '../../src/result/index.js';
import { formatDuration, formatInteger, formatTimestamp, plural } from './format.js';
import type { ReportVerdict, StatTile } from './report-model.js';

export interface SummaryEntry {
  readonly result: CertificationResult;
  /** Link to the device's report.html, relative to the summary page. */
  readonly reportHref: string;
}

/** The columns every subject's row has: its verdict, counts, duration, digest and report link. */
export interface SummaryVerdictColumns {
  readonly badge: { readonly label: string; readonly className: string };
  readonly passed: string;
  readonly failed: string;
  readonly notRun: string;
  readonly duration: string;
  readonly digest: string;
  readonly href: string;
}

/** A certified device: its id, model, binding and firmware, linking to its report. */
export interface SummaryRow extends SummaryVerdictColumns {
  readonly deviceId: string;
  readonly modelId: string;
  readonly binding: string;
  readonly firmware: string;
}

/** A certified hub: its command or URL, its fleet and app tokens (by name), linking to its report. */
export interface SummaryHubRow extends SummaryVerdictColumns {
  readonly target: string;
  readonly hubUrl: string;
  readonly fleet: string;
  readonly apps: string;
}

export interface SummaryModel {
  readonly title: string;
  readonly masthead: { readonly meta: string; readonly code: string | null };
  readonly verdict: ReportVerdict;
  readonly stats: readonly StatTile[];
  /** Devices, by id. */
  readonly rows: readonly SummaryRow[];
  readonly hubRows: readonly SummaryHubRow[];
  readonly generator: string;
}

const BINDING = { mqtt: 'MQTT', ws: 'WebSocket' } as const;

const badgeOf = (result: CertificationResult) =>
  result.verdict === 'certified'
    ? { label: 'Certified', className: 'badge badge--pass' }
    : result.verdict === 'partial'
      ? { label: `Partial: ${selectedRules(result).join(', ')} only`, className: 'badge badge--skip' }
      : { label: 'Not certified', className: 'badge badge--fail' };

const nameOf = (result: CertificationResult) =>
  result.subject.kind === 'device' ? result.subject.id : `hub ${result.subject.target}`;

function columns(result: CertificationResult, href: string): SummaryVerdictColumns {
  return {
    badge: badgeOf(result),
    passed: formatInteger(result.counts.passed),
    failed: formatInteger(result.counts.failed),
    notRun: formatInteger(result.counts.notRun),
    duration: formatDuration(result.durationMs),
    digest: result.integrity ? `${result.integrity.digest.slice(0, 16)}…` : 'unsealed',
    href,
  };
}

function hubRow(subject: HubSubject, result: CertificationResult, href: string): SummaryHubRow {
  return {
    target: subject.target,
    hubUrl: subject.hubUrl,
    fleet: plural(subject.fleet.length, 'device'),
    apps: subject.apps.map((a) => a.name).join(', '),
    ...columns(result, href),
  };
}

function subjectsText(hubs: number, devices: number): string {
  return hubs === 0 ? plural(devices, 'device') : `${plural(hubs, 'hub')}, ${plural(devices, 'device')}`;
}

export function buildSummaryModel(entries: readonly SummaryEntry[]): SummaryModel {
  const sorted = [...entries].sort((a, b) => (nameOf(a.result) < nameOf(b.result) ? -1 : 1));
  const hubs = sorted.filter((e) => e.result.subject.kind === 'hub');
  const devices = sorted.filter((e) => e.result.subject.kind === 'device');
  const certified = sorted.filter((e) => e.result.verdict === 'certified').length;
  const total = sorted.length;
  const all = total > 0 && certified === total;
  const notCertified = sorted
    .filter((e) => e.result.verdict === 'not-certified')
    .map((e) => nameOf(e.result));
  const partial = sorted
    .filter((e) => e.result.verdict === 'partial')
    .map((e) => `${nameOf(e.result)} (${selectedRules(e.result).join(', ')} only)`);
  const partialText = partial.length === 0 ? '' : ` Partial runs, not certificates: ${partial.join(', ')}.`;
  const started = sorted.map((e) => e.result.startedAt).sort()[0];
  const totalMs = sorted.reduce((sum, e) => sum + e.result.durationMs, 0);
  const what = subjectsText(hubs.length, devices.length);
  return {
    title: `EDP/1 certification summary · ${what}`,
    masthead: { meta: started ? `Run started ${formatTimestamp(started)}` : 'No devices', code: null },
    verdict: {
      certified: all,
      label:
        hubs.length === 0
          ? `${formatInteger(certified)} of ${plural(total, 'device')} certified`
          : `${formatInteger(certified)} of ${formatInteger(total)} certified (${what})`,
      tone: all ? 'pass' : 'fail',
      className: all ? 'verdict verdict--pass' : 'verdict verdict--fail',
      headline: all
        ? hubs.length === 0
          ? 'Every device kept every requirement that applies to it.'
          : 'Every hub and device kept every requirement that applies to it.'
        : notCertified.length === 0
          ? `${hubs.length === 0 ? 'No device' : 'No hub or device'} failed.${partialText}`
          : `Not certified: ${notCertified.join(', ')}. Open a report for the rule it broke and the messages that show it.${partialText}`,
    },
    stats: [
      {
        label: hubs.length === 0 ? 'Devices' : 'Subjects',
        value: formatInteger(total),
        className: 'stat',
        note: null,
      },
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
    rows: devices.flatMap(({ result, reportHref }) =>
      result.subject.kind === 'device'
        ? [
            {
              deviceId: result.subject.id,
              modelId: result.subject.modelId,
              binding: BINDING[result.subject.binding],
              firmware: result.subject.firmware ?? 'firmware not reported',
              ...columns(result, reportHref),
            },
          ]
        : [],
    ),
    hubRows: hubs.flatMap(({ result, reportHref }) =>
      result.subject.kind === 'hub' ? [hubRow(result.subject, result, reportHref)] : [],
    ),
    generator: 'fleetcert report · summary',
  };
}

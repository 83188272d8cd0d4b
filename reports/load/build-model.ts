/** Builds the load report model from a load result: every text, class and chart the page shows. */
import { counterValue, decodeHistogram, type EncodedHistogram, summarize } from '../../load/measure/index.js';
import type { LoadResult } from '../../load/result/index.js';
import type { Stage } from '../../load/scenario/index.js';
import { formatRate, formatDuration as formatSpec } from '../../load/scenario/index.js';
import { COUNTERS, type MetricFamily } from '../../load/thresholds/index.js';
import {
  formatDuration,
  formatInteger,
  formatLatency,
  formatTimestamp,
  listInProse,
  plural,
} from '../model/format.js';
import { charts, FAMILY_TITLES } from './chart-cards.js';
import type { CounterRow, Fact, LatencyRow, LoadReportModel, Stat } from './model.js';

/** Counters that should stay at zero in a healthy run. */
const BAD_WHEN_NONZERO = new Set([
  'connect.failed',
  'connect.disconnects',
  'rpc.lost',
  'rpc.late',
  'rpc.duplicated',
  'rpc.wrong',
  'rpc.misdelivered',
  'rpc.unavailable',
  'rpc.errors',
  'notify.lost',
  'notify.duplicated',
  'notify.reordered',
  'notify.skipped',
  'notify.errors',
  'notify.leaked',
  'hub.lost',
  'hub.duplicated',
  'hub.wrong',
  'hub.misdelivered',
  'hub.wrongApp',
  'hub.forwardedTwice',
  'hub.errors',
]);

export function buildLoadReportModel(result: LoadResult, generator: string): LoadReportModel {
  const failed = result.thresholds.filter((t) => !t.holds);
  const passed = result.verdict === 'passed';
  const rpcSummary = summarize(decodeHistogram(result.histograms.rpc));
  const errors =
    counterValue(result.counters, 'rpc', 'errors') +
    counterValue(result.counters, 'notify', 'errors') +
    (result.counters.hub ? counterValue(result.counters, 'hub', 'errors') : 0);
  const peak = Math.max(0, ...result.series.map((p) => p.connected));
  const headline =
    result.thresholds.length === 0
      ? 'No thresholds were set: the figures below are for reading, not gating.'
      : passed
        ? `All ${plural(result.thresholds.length, 'threshold')} hold over ${plural(result.counters.rpc.sent, 'request')} and ${plural(result.counters.notify.published, 'notification')}.`
        : `${formatInteger(failed.length)} of ${plural(result.thresholds.length, 'threshold')} failed: ${listInProse(failed.map((t) => `${t.threshold} (measured ${t.measuredText})`))}.`;
  const stats: Stat[] = [
    { label: 'Peak connected', value: formatInteger(peak), className: 'stat' },
    { label: 'Requests sent', value: formatInteger(result.counters.rpc.sent), className: 'stat' },
    { label: 'Answered', value: formatInteger(result.counters.rpc.answered), className: 'stat stat--pass' },
    { label: 'Request p99', value: rpcSummary ? formatLatency(rpcSummary.p99Ms) : '—', className: 'stat' },
    {
      label: 'Errors',
      value: formatInteger(errors),
      className: errors > 0 ? 'stat stat--fail' : 'stat stat--pass',
    },
  ];
  return {
    title: `fleetcert load report: ${result.scenario.name}`,
    masthead: {
      meta: `${formatTimestamp(result.startedAt)} · ${formatDuration(result.durationMs)}`,
      code: `scenario sha256 ${result.scenarioSha256.slice(0, 16)}… · seed ${result.seed}`,
    },
    verdict: {
      passed,
      className: passed ? 'verdict verdict--pass' : 'verdict verdict--fail',
      tone: passed ? 'pass' : 'fail',
      label:
        result.thresholds.length === 0 ? 'Run complete' : passed ? 'Thresholds hold' : 'Thresholds failed',
      headline,
    },
    run: [
      { label: 'Scenario', value: result.scenario.name },
      { label: 'Shards', value: `${result.shards.included.length} of ${result.shards.count}` },
    ],
    stats,
    notices: result.notes,
    thresholds: result.thresholds.map((t) => ({
      threshold: t.threshold,
      measured: t.measuredText,
      badge: t.holds
        ? { className: 'badge badge--pass', label: 'Holds' }
        : { className: 'badge badge--fail', label: 'Fails' },
    })),
    thresholdsEmptyText: 'No thresholds: add them to the scenario (thresholds:) or with --threshold.',
    facts: facts(result),
    charts: charts(result),
    latency: familiesOf(result).map((family) =>
      latencyRow(family, result.histograms[family] as EncodedHistogram),
    ),
    counters: counterRows(result),
    samples: result.errors.map((sample) => ({
      at: formatSpec(Math.round(sample.atMs)),
      kind: sample.kind,
      device: sample.deviceId ?? '—',
      detail: sample.detail,
    })),
    samplesEmptyText: 'No error was seen: every answer and notification checked out.',
    generator,
  };
}

function facts(result: LoadResult): Fact[] {
  const s = result.scenario;
  const mix = s.requests.mix;
  const fact = (label: string, value: string, mono = false, note: string | null = null): Fact => ({
    label,
    value,
    mono,
    note,
  });
  return [
    fact('Scenario', s.name, false, s.description ?? null),
    fact('Broker', s.broker.url, true, s.broker.ca ? `CA ${s.broker.ca}` : null),
    fact('Seed', String(s.seed), true),
    fact(
      'Fleet',
      s.fleet.map((e) => `${formatInteger(e.count)} ${e.type}`).join(', '),
      false,
      `${formatInteger(result.devices.planned)} in this result, ${formatInteger(result.devices.withTelemetry)} with telemetry`,
    ),
    fact('Stages', s.stages.map(describeStage).join(' → ')),
    fact(
      'Requests',
      s.requests.ratePerS > 0
        ? `${formatRate(s.requests.ratePerS)} from ${plural(s.requests.controllers, 'controller')} per shard`
        : 'none',
      false,
      `mix get ${percent(mix.get)}, set ${percent(mix.set)}, action ${percent(mix.action)}`,
    ),
    fact(
      'Telemetry',
      s.telemetryPerDevicePerS > 0 ? `${formatRate(s.telemetryPerDevicePerS)} per device` : 'none',
    ),
    fact(
      'Deadline',
      formatSpec(s.deadlineMs),
      false,
      `devices addressed ${formatSpec(s.settleMs)} after they connect`,
    ),
    fact('Shards', `${result.shards.included.join(', ')} of ${result.shards.count}`),
  ];
}

function describeStage(stage: Stage): string {
  if (stage.kind === 'hold') return `hold ${formatSpec(stage.durationMs)}`;
  const to =
    stage.to.kind === 'count' ? formatInteger(stage.to.count) : `${Math.round(stage.to.share * 1000) / 10}%`;
  return `${stage.kind === 'ramp-up' ? 'up' : 'down'} to ${to} at ${formatRate(stage.ratePerS)}`;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function latencyRow(family: MetricFamily, encoded: EncodedHistogram): LatencyRow {
  const summary = summarize(decodeHistogram(encoded));
  const f = (ms: number | undefined) => (ms === undefined ? '—' : formatLatency(ms));
  return {
    ...FAMILY_TITLES[family],
    count: formatInteger(summary?.count ?? 0),
    p50: f(summary?.p50Ms),
    p90: f(summary?.p90Ms),
    p99: f(summary?.p99Ms),
    p999: f(summary?.p999Ms),
    max: f(summary?.maxMs),
  };
}

/** The families a result measured: a hub run adds its app commands. */
function familiesOf(result: LoadResult): MetricFamily[] {
  return result.histograms.hub && result.counters.hub
    ? ['connect', 'rpc', 'notify', 'hub']
    : ['connect', 'rpc', 'notify'];
}

function counterRows(result: LoadResult): CounterRow[] {
  const rows: CounterRow[] = [];
  for (const family of familiesOf(result)) {
    for (const [name, info] of Object.entries(COUNTERS[family])) {
      const count = counterValue(result.counters, family, name);
      const base = counterValue(result.counters, family, info.base);
      const key = `${family}.${name}`;
      rows.push({
        name: key,
        description: info.description,
        count: formatInteger(count),
        share:
          info.base === name || base === 0
            ? ''
            : `${Math.round((count / base) * 100_000) / 1000}% of ${family}.${info.base}`,
        className: BAD_WHEN_NONZERO.has(key) && count > 0 ? 'row--bad' : '',
      });
    }
  }
  return rows;
}

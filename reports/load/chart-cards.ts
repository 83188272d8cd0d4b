/** The four charts of the load report, as SVG geometry from the result's series and histograms. */

import type { IntervalPoint } from '../../load/measure/index.js';
import { decodeHistogram, type EncodedHistogram, percentileCurve } from '../../load/measure/index.js';
import type { LoadResult } from '../../load/result/index.js';
import type { MetricFamily } from '../../load/thresholds/index.js';
import { formatInteger } from '../model/format.js';
import { countAxis, latencyAxis, lineChart, percentileAxis, percentileX, TIME_AXIS } from './charts.js';
import type { ChartCard } from './model.js';

export const FAMILY_TITLES: Record<MetricFamily, { metric: string; description: string }> = {
  connect: { metric: 'Connect', description: 'intended connect time → connected' },
  rpc: {
    metric: 'Request round trip',
    description: 'intended send → checked answer (controller → cloud → device → controller)',
  },
  notify: { metric: 'Notification delivery', description: 'intended publish → received by the controller' },
  hub: {
    metric: 'Hub command round trip',
    description: 'intended send → checked answer (app → hub → device → hub → app)',
  },
};

function perSecond(series: readonly IntervalPoint[], intervalMs: number, pick: (p: IntervalPoint) => number) {
  return series.map((p) => ({ x: p.startMs / 1000, y: pick(p) / (intervalMs / 1000) }));
}

function intervalPercentile(
  series: readonly IntervalPoint[],
  pick: (p: IntervalPoint) => EncodedHistogram,
  percentile: number,
) {
  return series
    .filter((p) => pick(p).count > 0)
    .map((p) => ({
      x: p.startMs / 1000,
      y: decodeHistogram(pick(p)).getValueAtPercentile(percentile) / 1000,
    }));
}

export function charts(result: LoadResult): ChartCard[] {
  const series = result.series;
  const card = (
    section: string,
    title: string,
    subtitle: string,
    chart: ChartCard['chart'],
    emptyText: string,
  ): ChartCard => ({ section, title, subtitle, chart, emptyText });
  const connected = lineChart(
    [{ name: 'connected devices', points: series.map((p) => ({ x: p.startMs / 1000, y: p.connected })) }],
    TIME_AXIS,
    countAxis('devices'),
    `Connected devices over time, peaking at ${formatInteger(Math.max(0, ...series.map((p) => p.connected)))}.`,
  );
  const throughput = lineChart(
    [
      { name: 'requests sent/s', points: perSecond(series, result.intervalMs, (p) => p.rpcSent) },
      { name: 'answered/s', points: perSecond(series, result.intervalMs, (p) => p.rpcAnswered) },
      {
        name: 'notifications delivered/s',
        points: perSecond(series, result.intervalMs, (p) => p.notifyDelivered),
      },
      { name: 'connects/s', points: perSecond(series, result.intervalMs, (p) => p.connects) },
    ],
    TIME_AXIS,
    countAxis('per second'),
    'Requests sent and answered, notifications delivered and connections made, per second of the run.',
  );
  const overTime = lineChart(
    [
      { name: 'request p50', points: intervalPercentile(series, (p) => p.rpcLatency, 50) },
      { name: 'request p99', points: intervalPercentile(series, (p) => p.rpcLatency, 99) },
      { name: 'notification p99', points: intervalPercentile(series, (p) => p.notifyLatency, 99) },
    ],
    TIME_AXIS,
    latencyAxis('latency'),
    'Request round-trip p50 and p99 and notification p99 per interval, by intended send time.',
  );
  const curves = (['rpc', 'notify', 'connect'] as const).map((family) => ({
    name: FAMILY_TITLES[family].metric.toLowerCase(),
    points: percentileCurve(decodeHistogram(result.histograms[family]))
      .filter((point) => point.percentile < 100)
      .map((point) => ({ x: percentileX(point.percentile), y: point.ms })),
  }));
  const decades = Math.max(1, ...curves.flatMap((c) => c.points.map((p) => p.x)));
  const percentiles = lineChart(
    curves,
    percentileAxis(decades),
    latencyAxis('latency'),
    'Latency by percentile (HdrHistogram plot) for requests, notifications and connects, over the whole run.',
  );
  return [
    card(
      'connected',
      'Connected devices',
      'Devices connected at the end of each interval',
      connected,
      'No device connected.',
    ),
    card('throughput', 'Throughput', 'Per second, over the run', throughput, 'Nothing was sent.'),
    card(
      'latency-over-time',
      'Latency over time',
      'Per interval of intended send time: the schedule never waits (no coordinated omission)',
      overTime,
      'No latency was measured.',
    ),
    card(
      'percentiles',
      'Latency percentiles',
      'Whole run, from lossless HdrHistograms',
      percentiles,
      'No latency was measured.',
    ),
  ];
}

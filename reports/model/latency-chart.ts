/**
 * The response-latency histogram as plain SVG geometry (no script, no chart library): the
 * template only places the rectangles, ticks and percentile markers computed here.
 */
import type { LatencySummary } from '../../src/result/index.js';
import { formatInteger, formatLatency, plural } from './format.js';
import type { LatencyChart, LatencySection, SvgMarker, SvgTick } from './report-model.js';

const WIDTH = 720;
const HEIGHT = 220;
const PLOT = { left: 44, right: WIDTH - 16, top: 34, bottom: HEIGHT - 30 } as const;
const BINS = 24;
/** Percentile labels closer than this (in SVG units) are stacked so they never overlap. */
const LABEL_SPACING = 64;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value`. */
export function niceStep(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    if (factor * magnitude >= value) return factor * magnitude;
  }
  return 10 * magnitude;
}

function xTicks(domainMax: number, step: number, scaleX: (ms: number) => number): SvgTick[] {
  const ticks: SvgTick[] = [];
  for (let value = 0; value <= domainMax + step / 1000; value += step) {
    ticks.push({
      x: round2(scaleX(value)),
      y: PLOT.bottom + 18,
      label: formatLatency(value).replace('.0 ms', ' ms'),
    });
  }
  return ticks;
}

function markers(latency: LatencySummary, domainMax: number, scaleX: (ms: number) => number): SvgMarker[] {
  const points = [
    { label: 'p50', value: latency.p50Ms, className: 'marker marker--p50' },
    { label: 'p90', value: latency.p90Ms, className: 'marker marker--p90' },
    { label: 'p99', value: latency.p99Ms, className: 'marker marker--p99' },
  ];
  const placed: SvgMarker[] = [];
  for (const point of points) {
    const x = round2(scaleX(Math.min(point.value, domainMax)));
    const previous = placed[placed.length - 1];
    const crowded =
      previous !== undefined && x - previous.x < LABEL_SPACING && previous.labelY === PLOT.top - 20;
    const labelY = crowded ? PLOT.top - 6 : PLOT.top - 20;
    placed.push({
      x,
      y1: PLOT.top - 2,
      y2: PLOT.bottom,
      labelX: round2(Math.min(x + 4, PLOT.right - LABEL_SPACING)),
      labelY,
      label: `${point.label} ${formatLatency(point.value)}`,
      className: point.className,
    });
  }
  return placed;
}

export function buildLatencyChart(latency: LatencySummary): LatencyChart | null {
  const samples = latency.samplesMs;
  if (samples.length === 0) return null;
  const largest = Math.max(...samples, latency.p99Ms);
  const step = niceStep(largest / 4);
  const domainMax = Math.max(step, Math.ceil(largest / step) * step);
  const binWidth = domainMax / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const sample of samples) counts[Math.min(BINS - 1, Math.floor(sample / binWidth))]! += 1;
  const tallest = Math.max(...counts);
  const plotWidth = PLOT.right - PLOT.left;
  const plotHeight = PLOT.bottom - PLOT.top;
  const scaleX = (ms: number) => PLOT.left + (ms / domainMax) * plotWidth;
  const barWidth = plotWidth / BINS;
  const bars = counts.flatMap((count, index) => {
    if (count === 0) return [];
    const height = (count / tallest) * plotHeight;
    const from = index * binWidth;
    return [
      {
        x: round2(PLOT.left + index * barWidth + 1),
        y: round2(PLOT.bottom - height),
        width: round2(barWidth - 2),
        height: round2(height),
        title: `${plural(count, 'response')} between ${formatLatency(from)} and ${formatLatency(from + binWidth)}`,
      },
    ];
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    bars,
    xTicks: xTicks(domainMax, step, scaleX),
    yTicks: [
      { x: PLOT.left - 8, y: PLOT.bottom + 4, label: '0' },
      { x: PLOT.left - 8, y: PLOT.top + 4, label: formatInteger(tallest) },
    ],
    gridLines: [PLOT.top, round2(PLOT.top + plotHeight / 2)],
    markers: markers(latency, domainMax, scaleX),
    xLabel: 'response latency',
    description: `Histogram of ${formatInteger(samples.length)} sampled response latencies; p50 ${formatLatency(latency.p50Ms)}, p90 ${formatLatency(latency.p90Ms)}, p99 ${formatLatency(latency.p99Ms)}, max ${formatLatency(latency.maxMs)}.`,
  };
}

/**
 * What a hub's figures include: EDP-HUB-2 has the hub answer -4011 for a device fleetcert made
 * silent or switched off only once its device deadline D has passed, so those responses take D
 * by design. Counted from the samples (the result keeps a spread of them, not every response).
 */
function hubDeadlineNote(latency: LatencySummary, deadlineMs: number): string | null {
  const waits = latency.samplesMs.filter((ms) => ms >= deadlineMs);
  if (waits.length === 0) return null;
  const rest = [...latency.samplesMs].filter((ms) => ms < deadlineMs).sort((a, b) => a - b);
  const p99 = rest[Math.min(rest.length - 1, Math.floor(0.99 * rest.length))];
  return `These figures include the hub’s deliberate waits: for a device fleetcert made silent or switched off, EDP-HUB-2 has the hub answer -4011 once its device deadline (${formatLatency(deadlineMs)}) has passed, so ${plural(waits.length, 'sampled response')} of ${formatInteger(latency.samplesMs.length)} took that long by design, not from slowness.${p99 === undefined ? '' : ` Without them, the sampled p99 is ${formatLatency(p99)}.`}`;
}

/** `hubDeadlineMs`: a hub's device deadline D, whose waits the figures include; undefined for a device. */
export function buildLatencySection(latency: LatencySummary, hubDeadlineMs?: number): LatencySection {
  return {
    subtitle:
      hubDeadlineMs === undefined
        ? 'From each request fleetcert sent to its response, over the whole run (setup and generated commands alike)'
        : 'From each app request fleetcert sent to the hub’s response, over every app session',
    note: hubDeadlineMs === undefined ? null : hubDeadlineNote(latency, hubDeadlineMs),
    stats: [
      { label: 'Responses timed', value: formatInteger(latency.count) },
      { label: 'Median (p50)', value: formatLatency(latency.p50Ms) },
      { label: 'p90', value: formatLatency(latency.p90Ms) },
      { label: 'p99', value: formatLatency(latency.p99Ms) },
      { label: 'Slowest', value: formatLatency(latency.maxMs) },
    ],
    chart: buildLatencyChart(latency),
    emptyText: 'No response latencies were recorded in this run.',
  };
}

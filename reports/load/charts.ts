/**
 * Line charts as plain SVG geometry (no script, no chart library): time series of the run
 * and HdrHistogram-style percentile curves. Pure numbers in, positions and labels out.
 */
import { formatInteger, formatLatency } from '../model/format.js';
import type { LineChart, SvgText } from './model.js';

const WIDTH = 720;
const HEIGHT = 240;
const PLOT = { left: 58, right: WIDTH - 18, top: 16, bottom: HEIGHT - 42 } as const;

export interface SeriesInput {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

export interface AxisFormat {
  readonly label: string;
  readonly format: (value: number) => string;
  /** Fixed tick positions (domain values); otherwise nice linear ticks. */
  readonly ticks?: readonly number[];
  /** Start the axis at 0 even when the data starts later (time since the start). */
  readonly fromZero?: boolean;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The smallest of 1, 2, 2.5, 5 × 10^k that is at least `value`. */
export function niceStep(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * magnitude >= value) return factor * magnitude;
  return 10 * magnitude;
}

function niceTicks(max: number, count: number): number[] {
  const step = niceStep(max / count);
  const ticks: number[] = [];
  for (let value = 0; value <= max + step / 1e6; value += step) ticks.push(Number(value.toPrecision(12)));
  return ticks;
}

/** A line chart of several series; null when there is nothing to draw. */
export function lineChart(
  series: readonly SeriesInput[],
  x: AxisFormat,
  y: AxisFormat,
  description: string,
): LineChart | null {
  const drawn = series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) return null;
  const xs = drawn.flatMap((s) => s.points.map((p) => p.x));
  const ys = drawn.flatMap((s) => s.points.map((p) => p.y));
  const xMin = Math.min(...xs, ...(x.ticks ?? []), ...(x.fromZero ? [0] : []));
  const xTicksValues = x.ticks ?? niceTicks(Math.max(...xs) - xMin, 6).map((t) => t + xMin);
  const xMax = Math.max(...xs, ...xTicksValues);
  const yTicksValues = y.ticks ?? niceTicks(Math.max(...ys, 0) || 1, 4);
  const yMax = Math.max(...ys, ...yTicksValues) || 1;
  const scaleX = (value: number) =>
    PLOT.left + ((value - xMin) / (xMax - xMin || 1)) * (PLOT.right - PLOT.left);
  const scaleY = (value: number) => PLOT.bottom - (value / yMax) * (PLOT.bottom - PLOT.top);
  const xTicks: SvgText[] = xTicksValues.map((value) => ({
    x: round1(scaleX(value)),
    y: PLOT.bottom + 16,
    label: x.format(value),
  }));
  const yTicks: SvgText[] = yTicksValues.map((value) => ({
    x: PLOT.left - 8,
    y: round1(scaleY(value) + 4),
    label: y.format(value),
  }));
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    gridLines: yTicksValues.map((value) => round1(scaleY(value))),
    xTicks,
    yTicks,
    series: series.map((s, i) => ({
      name: s.name,
      className: `series series--${i + 1}`,
      points: s.points.map((p) => `${round1(scaleX(p.x))},${round1(scaleY(p.y))}`).join(' '),
    })),
    legend: series.map((s, i) => ({ name: s.name, className: `legend__swatch legend__swatch--${i + 1}` })),
    xLabel: { x: round1((PLOT.left + PLOT.right) / 2), y: HEIGHT - 6, label: x.label },
    yLabel: { x: 14, y: round1((PLOT.top + PLOT.bottom) / 2), label: y.label },
    description,
  };
}

/** Seconds since the start, for the time axis: `0 s`, `30 s`, `2 min`. */
export function formatElapsed(seconds: number): string {
  if (seconds < 120)
    return Number.isInteger(seconds) ? `${formatInteger(seconds)} s` : `${seconds.toFixed(1)} s`;
  const minutes = seconds / 60;
  return Number.isInteger(minutes) ? `${minutes} min` : `${(Math.round(minutes * 10) / 10).toFixed(1)} min`;
}

export const TIME_AXIS: AxisFormat = { label: 'time since start', format: formatElapsed, fromZero: true };

export function countAxis(label: string): AxisFormat {
  return { label, format: (value) => formatInteger(value) };
}

export function latencyAxis(label: string): AxisFormat {
  return { label, format: (value) => formatLatency(value).replace('.0 ms', ' ms') };
}

/**
 * The percentile axis of an HdrHistogram plot: x = log10(1 / (1 − p)), so p90, p99, p99.9
 * are evenly spaced and the tail gets the room it deserves.
 */
export function percentileX(percentile: number): number {
  return Math.log10(1 / (1 - Math.min(percentile, 99.9999) / 100));
}

export function percentileAxis(decades: number): AxisFormat {
  const ticks = [...Array(Math.max(1, Math.ceil(decades)) + 1).keys()];
  const labels = ['0%', '90%', '99%', '99.9%', '99.99%', '99.999%', '99.9999%'];
  return { label: 'percentile', format: (value) => labels[Math.round(value)] ?? '', ticks };
}

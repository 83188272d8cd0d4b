/**
 * The typed model of the HTML load report. Everything the page shows is computed into this
 * model (texts, classes, SVG geometry); the template only places it and holds no logic.
 */
import type { Fact, PlotArea } from '../model/report-model.js';

export interface Badge {
  readonly className: string;
  readonly label: string;
}

export interface Stat {
  readonly label: string;
  readonly value: string;
  readonly className: string;
}

/** A labelled value in the details grid: the device report's (reports/model). */
export type { Fact };

export interface ThresholdRow {
  readonly threshold: string;
  readonly measured: string;
  readonly badge: Badge;
}

export interface LatencyRow {
  readonly metric: string;
  readonly description: string;
  readonly count: string;
  readonly p50: string;
  readonly p90: string;
  readonly p99: string;
  readonly p999: string;
  readonly max: string;
}

export interface CounterRow {
  readonly name: string;
  readonly description: string;
  readonly count: string;
  readonly share: string;
  /** `row--bad` when a count that should be zero is not. */
  readonly className: string;
}

export interface SampleRow {
  readonly at: string;
  readonly kind: string;
  readonly device: string;
  readonly detail: string;
}

export interface SvgText {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

export interface ChartSeries {
  readonly name: string;
  /** CSS class giving the line its colour (`series series--1`). */
  readonly className: string;
  /** SVG polyline points, `x,y x,y …`. */
  readonly points: string;
}

export interface LineChart {
  readonly width: number;
  readonly height: number;
  readonly plot: PlotArea;
  readonly gridLines: readonly number[];
  readonly xTicks: readonly SvgText[];
  readonly yTicks: readonly SvgText[];
  readonly series: readonly ChartSeries[];
  readonly legend: readonly { readonly name: string; readonly className: string }[];
  readonly xLabel: SvgText;
  readonly yLabel: SvgText;
  /** One sentence for screen readers and the `<title>`. */
  readonly description: string;
}

export interface ChartCard {
  readonly title: string;
  readonly subtitle: string;
  readonly section: string;
  readonly chart: LineChart | null;
  readonly emptyText: string;
}

export interface LoadReportModel {
  readonly title: string;
  readonly masthead: { readonly meta: string; readonly code: string };
  readonly verdict: {
    readonly passed: boolean;
    readonly className: string;
    readonly tone: 'pass' | 'fail';
    readonly label: string;
    readonly headline: string;
  };
  readonly run: readonly { readonly label: string; readonly value: string }[];
  readonly stats: readonly Stat[];
  readonly notices: readonly string[];
  readonly thresholds: readonly ThresholdRow[];
  readonly thresholdsEmptyText: string;
  readonly facts: readonly Fact[];
  readonly charts: readonly ChartCard[];
  readonly latency: readonly LatencyRow[];
  readonly counters: readonly CounterRow[];
  readonly samples: readonly SampleRow[];
  readonly samplesEmptyText: string;
  readonly generator: string;
}

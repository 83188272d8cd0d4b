import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLatencyChart, buildLatencySection, niceStep } from './latency-chart.js';

const summaryOf = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return {
    count: samples.length,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: at(1),
    samplesMs: samples,
  };
};

describe('latency chart geometry', () => {
  it('picks 1, 2, 2.5 or 5 times a power of ten for axis steps', () => {
    expect([0.3, 1, 3, 4.5, 7, 23, 180].map(niceStep)).toEqual([0.5, 1, 5, 5, 10, 25, 200]);
  });

  it('shows an empty text instead of a chart when nothing was timed', () => {
    const section = buildLatencySection(summaryOf([]));
    expect(section.chart).toBeNull();
    expect(section.emptyText).toBe('No response latencies were recorded in this run.');
  });

  it('draws every sample in exactly one bar, inside the plot, with markers in order', () => {
    const latency = fc.float({ min: 0, max: 5000, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(fc.array(latency, { minLength: 1, maxLength: 300 }), (samples) => {
        const chart = buildLatencyChart(summaryOf(samples))!;
        const counted = chart.bars.reduce(
          (sum, bar) => sum + Number(/^(\d+) response/.exec(bar.title)![1]),
          0,
        );
        expect(counted).toBe(samples.length);
        for (const bar of chart.bars) {
          expect(bar.x).toBeGreaterThanOrEqual(chart.plot.left);
          expect(bar.x + bar.width).toBeLessThanOrEqual(chart.plot.right + 0.01);
          expect(bar.y).toBeGreaterThanOrEqual(chart.plot.top - 0.01);
          expect(bar.y + bar.height).toBeLessThanOrEqual(chart.plot.bottom + 0.01);
          expect(bar.height).toBeGreaterThan(0);
        }
        const xs = chart.markers.map((m) => m.x);
        expect([...xs].sort((a, b) => a - b)).toEqual(xs);
        for (const marker of chart.markers) {
          expect(marker.x).toBeGreaterThanOrEqual(chart.plot.left);
          expect(marker.x).toBeLessThanOrEqual(chart.plot.right);
          expect(marker.labelX).toBeLessThanOrEqual(chart.width);
        }
        expect(chart.xTicks[0]?.label).toBe('0 ms');
      }),
    );
  });
});

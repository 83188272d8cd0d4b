import { describe, expect, it } from 'vitest';
import { syntheticResult } from '../../test/support/reports/load/synthetic-result.js';
import { buildLoadReportModel } from './build-model.js';
import { countAxis, formatElapsed, lineChart, TIME_AXIS } from './charts.js';
import { loadReportTemplates, renderLoadReportHtml } from './render.js';

describe('load report', () => {
  it('says which thresholds failed, with the measured values', () => {
    const model = buildLoadReportModel(syntheticResult(['rpc.lost==0', 'rpc.p99<1s']), 'fleetcert test');
    expect(model.verdict).toMatchObject({ passed: false, label: 'Thresholds failed' });
    expect(model.verdict.headline).toContain('rpc.lost==0 (measured 20)');
    expect(model.thresholds.map((t) => t.badge.label)).toEqual(['Fails', 'Holds']);
    expect(model.counters.find((c) => c.name === 'rpc.lost')).toMatchObject({
      count: '20',
      className: 'row--bad',
      share: '1% of rpc.sent',
    });
    expect(model.charts.map((c) => c.chart !== null)).toEqual([true, true, true, true]);
    expect(model.latency[1]).toMatchObject({ metric: 'Request round trip', count: '1,980' });
  });

  it('renders one self-contained page: no script, no external reference, the values in place', async () => {
    const result = syntheticResult(['rpc.p99<1s']);
    const html = renderLoadReportHtml(
      buildLoadReportModel(result, 'fleetcert test'),
      await loadReportTemplates(),
    );
    expect(html).toContain('Thresholds hold');
    expect(html).toContain('rpc.p99&lt;1s');
    expect(html).not.toMatch(/<script|src=|href="http/);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<polyline/g)?.length).toBeGreaterThanOrEqual(8);
    expect(html).toContain('get_properties id 12345');
    // Same result, same bytes (no clock, no locale).
    expect(
      renderLoadReportHtml(buildLoadReportModel(result, 'fleetcert test'), await loadReportTemplates()),
    ).toBe(html);
  });
});

describe('chart axes', () => {
  it('label time ticks without repeating a label', () => {
    expect([0, 0.5, 1, 90, 120, 150].map(formatElapsed)).toEqual([
      '0 s',
      '0.5 s',
      '1 s',
      '90 s',
      '2 min',
      '2.5 min',
    ]);
    const chart = lineChart(
      [
        {
          name: 'x',
          points: [
            { x: 1, y: 2 },
            { x: 3.5, y: 4 },
          ],
        },
      ],
      TIME_AXIS,
      countAxis('n'),
      'd',
    );
    const labels = chart?.xTicks.map((t) => t.label) ?? [];
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toBe('0 s');
  });
});

import fc from 'fast-check';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createHistogram, recordMs } from '../../load/measure/histogram.js';
import { parsePrometheusText, sampleValue } from '../../test/support/prometheus-text.js';
import { LATENCY_BUCKETS_S, readHistogram, registerHdrHistogram } from './hdr-histogram-metric.js';

describe('a Prometheus histogram read from an HdrHistogram', () => {
  it('counts each value in every bucket at or above it, and renders _bucket, _sum and _count', async () => {
    const histogram = createHistogram();
    for (const ms of [0.5, 1, 3, 30, 30, 2000, 20_000, 45_000]) recordMs(histogram, ms);
    const registry = new Registry();
    registry.setDefaultLabels({ shard: '3' });
    registerHdrHistogram(registry, { name: 'x_seconds', help: 'x', source: () => histogram });
    const samples = parsePrometheusText(await registry.metrics());
    const bucket = (le: string) => sampleValue(samples, 'x_seconds_bucket', { le, shard: '3' });
    expect(LATENCY_BUCKETS_S.map((le) => bucket(String(le)))).toEqual([
      2, 2, 3, 3, 3, 5, 5, 5, 5, 5, 6, 6, 6, 7,
    ]);
    expect(bucket('+Inf')).toBe(8);
    expect(sampleValue(samples, 'x_seconds_count')).toBe(8);
    const sum = sampleValue(samples, 'x_seconds_sum');
    expect(Math.abs(sum - 67.0645) / 67.0645).toBeLessThan(0.001);
    expect((await registry.metrics()).includes('# TYPE x_seconds histogram')).toBe(true);
  });

  it('an empty or absent histogram has every series at 0', async () => {
    const registry = new Registry();
    registerHdrHistogram(registry, { name: 'y_seconds', help: 'y', source: () => undefined });
    const samples = parsePrometheusText(await registry.metrics());
    expect(samples).toHaveLength(LATENCY_BUCKETS_S.length + 3);
    expect(samples.every((s) => s.value === 0)).toBe(true);
  });

  it('bucket counts lie between the exact counts at the edge and 0.1 % above it, the sum within 0.1 % (3 significant digits)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60_000_000 }), { maxLength: 300 }), (micros) => {
        const histogram = createHistogram();
        for (const us of micros) histogram.recordValue(us);
        const { cumulative: counts, count, sumSeconds } = readHistogram(histogram, LATENCY_BUCKETS_S);
        expect(count).toBe(micros.length);
        const exactSum = micros.reduce((total, us) => total + us, 0) / 1_000_000;
        expect(Math.abs(sumSeconds - exactSum)).toBeLessThanOrEqual(exactSum * 0.001);
        for (const [i, bound] of LATENCY_BUCKETS_S.entries()) {
          const edge = bound * 1_000_000;
          const atOrBelow = micros.filter((us) => us <= edge).length;
          const withinPrecision = micros.filter((us) => us <= edge * 1.001).length;
          expect(counts[i]).toBeGreaterThanOrEqual(atOrBelow);
          expect(counts[i]).toBeLessThanOrEqual(withinPrecision);
        }
      }),
    );
  });
});

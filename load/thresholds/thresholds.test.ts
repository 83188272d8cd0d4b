import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateThreshold, type MeasureSource } from './evaluate.js';
import { parseThreshold, parseThresholds } from './parse.js';

function parsed(text: string) {
  const result = parseThreshold(text);
  if (!result.ok) throw new Error(result.problem);
  return result.value;
}

describe('parseThreshold', () => {
  it('reads the k6-style forms of the brief into typed objects', () => {
    expect(parsed('rpc.p99<250ms')).toEqual({
      source: 'rpc.p99<250ms',
      family: 'rpc',
      aggregation: { kind: 'percentile', percentile: 99 },
      operator: '<',
      bound: { kind: 'duration', ms: 250 },
    });
    expect(parsed('rpc.lost<0.1%').bound).toEqual({ kind: 'share', share: 0.001 });
    expect(parsed('connect.rate>=1000/s')).toMatchObject({
      aggregation: { kind: 'rate' },
      operator: '>=',
      bound: { kind: 'rate', perS: 1000 },
    });
    expect(parsed('notify.lost==0')).toMatchObject({
      aggregation: { kind: 'counter', counter: 'lost' },
      bound: { kind: 'count', count: 0 },
    });
    expect(parsed(' rpc.p(99.9) <= 1.5s ')).toMatchObject({
      aggregation: { kind: 'percentile', percentile: 99.9 },
      bound: { kind: 'duration', ms: 1500 },
    });
    expect(parsed('notify.avg<40')).toMatchObject({ bound: { kind: 'duration', ms: 40 } });
  });

  it.each([
    ['rpc.p99 250ms', 'OPERATOR'],
    ['latency.p99<1s', 'unknown metric "latency"'],
    ['rpc.p999x<1s', 'unknown aggregation "p999x"'],
    ['rpc.p99<fast', '"fast" is not a latency'],
    ['rpc.lost<lots', 'not a count or a percentage'],
    ['connect.rate>many', 'not a rate'],
    ['notify.bogus==0', 'published'],
  ])('names the bad token of %s', (text, expected) => {
    const result = parseThreshold(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toContain(expected);
      expect(result.problem).toContain(text.trim());
    }
  });

  it('lists every bad expression at once', () => {
    const { thresholds, problems } = parseThresholds(['rpc.p99<1s', 'x<1', 'rpc.lost<=zz']);
    expect(thresholds).toHaveLength(1);
    expect(problems).toHaveLength(2);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseThreshold(text)));
  });
});

const COUNTS: Record<string, number> = {
  'rpc.sent': 1000,
  'rpc.lost': 2,
  'notify.published': 0,
  'notify.lost': 0,
};

function source(overrides: Partial<MeasureSource> = {}): MeasureSource {
  return {
    counter: (family, name) => COUNTS[`${family}.${name}`] ?? 0,
    latencyMs: (_family, aggregation) => (typeof aggregation === 'object' ? aggregation.percentile * 2 : 1),
    ratePerS: () => 1200,
    ...overrides,
  };
}

describe('evaluateThreshold', () => {
  it('gives a verdict with the measured value', () => {
    expect(evaluateThreshold(parsed('rpc.p99<250ms'), source())).toEqual({
      threshold: 'rpc.p99<250ms',
      holds: true,
      measured: 198,
      measuredText: '198ms',
    });
    const lost = evaluateThreshold(parsed('rpc.lost<0.1%'), source());
    expect(lost).toMatchObject({ holds: false, measured: 0.002 });
    expect(lost.measuredText).toBe('0.2% (2 of 1000 rpc.sent)');
    expect(evaluateThreshold(parsed('rpc.lost==2'), source()).holds).toBe(true);
    expect(evaluateThreshold(parsed('connect.rate>=1000/s'), source())).toMatchObject({
      holds: true,
      measuredText: '1200/s',
    });
  });

  it('fails a threshold over nothing measured, saying so', () => {
    const verdict = evaluateThreshold(parsed('notify.lost<1%'), source());
    expect(verdict).toMatchObject({ holds: false, measured: null });
    expect(verdict.measuredText).toContain('no samples');
    expect(evaluateThreshold(parsed('rpc.p99<1s'), source({ latencyMs: () => undefined })).holds).toBe(false);
  });

  it('applies every operator as written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), (measured, bound) => {
        const src = source({ counter: () => measured });
        const holds = (op: string) => evaluateThreshold(parsed(`rpc.wrong${op}${bound}`), src).holds;
        expect(holds('<')).toBe(measured < bound);
        expect(holds('<=')).toBe(measured <= bound);
        expect(holds('>')).toBe(measured > bound);
        expect(holds('>=')).toBe(measured >= bound);
        expect(holds('==')).toBe(measured === bound);
        expect(holds('!=')).toBe(measured !== bound);
      }),
    );
  });
});

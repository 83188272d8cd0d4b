/**
 * k6-style thresholds: `rpc.p99<250ms`, `rpc.lost<0.1%`, `connect.rate>=1000/s`,
 * `notify.lost==0`. Parsed once into typed objects; a bad expression gets a message naming
 * the bad token and listing what is valid.
 */
import { type Parsed, parseDuration, parsePercent, parseRate } from '../scenario/quantities.js';
import {
  COUNTERS,
  describeMetrics,
  isMetricFamily,
  LATENCY_AGGREGATIONS,
  LATENCY_ALIASES,
  type MetricFamily,
} from './metrics.js';

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export const OPERATORS: readonly Operator[] = ['<=', '>=', '==', '!=', '<', '>'];

export type Aggregation =
  | { readonly kind: 'percentile'; readonly percentile: number }
  | { readonly kind: 'min' | 'max' | 'avg' }
  | { readonly kind: 'rate' }
  | { readonly kind: 'counter'; readonly counter: string };

export type Bound =
  | { readonly kind: 'duration'; readonly ms: number }
  | { readonly kind: 'count'; readonly count: number }
  | { readonly kind: 'share'; readonly share: number }
  | { readonly kind: 'rate'; readonly perS: number };

export interface Threshold {
  /** The expression as written, normalised (no spaces). */
  readonly source: string;
  readonly family: MetricFamily;
  readonly aggregation: Aggregation;
  readonly operator: Operator;
  readonly bound: Bound;
}

// Spaces are allowed around the operator and inside the value (`rpc.p99 < 250 ms`), as in durations.
const EXPRESSION = /^\s*([A-Za-z0-9_.()]+)\s*(<=|>=|==|!=|<|>)\s*(\S(?:.*\S)?)\s*$/;
const PERCENTILE = /^p\(?(\d{1,2}(?:\.\d+)?|100)\)?$/;

export function parseThreshold(input: string): Parsed<Threshold> {
  const match = EXPRESSION.exec(input);
  if (!match) {
    return fail(
      input,
      `expected METRIC OPERATOR VALUE with an operator among ${OPERATORS.join(' ')}, e.g. rpc.p99<250ms`,
    );
  }
  const [, name = '', operator = '<', spacedValue = ''] = match;
  const value = spacedValue.replace(/\s+/g, '');
  const dot = name.indexOf('.');
  const family = dot < 0 ? name : name.slice(0, dot);
  const aggregationText = dot < 0 ? '' : name.slice(dot + 1);
  if (!isMetricFamily(family)) {
    return fail(input, `unknown metric "${family}"; valid metrics: ${describeMetrics()}`);
  }
  const alias = LATENCY_ALIASES[family];
  const aggregation = parseAggregation(
    family,
    alias !== undefined && aggregationText.startsWith(`${alias}.`)
      ? aggregationText.slice(alias.length + 1)
      : aggregationText,
  );
  if (!aggregation) {
    return fail(
      input,
      `unknown aggregation "${aggregationText}" for ${family}; valid: ${LATENCY_AGGREGATIONS.join(', ')}, rate, ${Object.keys(COUNTERS[family]).join(', ')}`,
    );
  }
  const bound = parseBound(aggregation, value);
  if (!bound.ok) return fail(input, bound.problem);
  return {
    ok: true,
    value: {
      source: `${family}.${aggregationText}${operator}${value}`,
      family,
      aggregation,
      operator: operator as Operator,
      bound: bound.value,
    },
  };
}

function parseAggregation(family: MetricFamily, text: string): Aggregation | undefined {
  if (text === 'min' || text === 'max' || text === 'avg') return { kind: text };
  if (text === 'rate') return { kind: 'rate' };
  if (Object.hasOwn(COUNTERS[family], text)) return { kind: 'counter', counter: text };
  const percentile = PERCENTILE.exec(text);
  if (percentile) {
    const p = Number(percentile[1]);
    if (p > 0 && p <= 100) return { kind: 'percentile', percentile: p };
  }
  return undefined;
}

function parseBound(aggregation: Aggregation, text: string): Parsed<Bound> {
  switch (aggregation.kind) {
    case 'percentile':
    case 'min':
    case 'max':
    case 'avg': {
      const duration = parseDuration(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
      if (!duration.ok)
        return { ok: false, problem: `"${text}" is not a latency; write one such as 250ms or 1.5s` };
      return { ok: true, value: { kind: 'duration', ms: duration.value } };
    }
    case 'rate': {
      const rate = parseRate(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text);
      if (!rate.ok) return { ok: false, problem: `"${text}" is not a rate; write one such as 1000/s` };
      return { ok: true, value: { kind: 'rate', perS: rate.value } };
    }
    case 'counter': {
      if (text.endsWith('%')) {
        const share = parsePercent(text);
        return share.ok ? { ok: true, value: { kind: 'share', share: share.value } } : share;
      }
      if (/^\d+$/.test(text)) return { ok: true, value: { kind: 'count', count: Number(text) } };
      return { ok: false, problem: `"${text}" is not a count or a percentage; write one such as 0 or 0.1%` };
    }
  }
}

function fail(input: string, problem: string): Parsed<Threshold> {
  return { ok: false, problem: `bad threshold "${input.trim()}": ${problem}` };
}

/** Parses every expression; problems are listed all at once, each naming its expression. */
export function parseThresholds(inputs: readonly string[]): { thresholds: Threshold[]; problems: string[] } {
  const thresholds: Threshold[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    const parsed = parseThreshold(input);
    if (parsed.ok) thresholds.push(parsed.value);
    else problems.push(parsed.problem);
  }
  return { thresholds, problems };
}

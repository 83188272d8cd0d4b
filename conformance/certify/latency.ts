/** Response latencies summarised for the result (and the report's chart). */
import type { LatencySummary } from '../../src/result/index.js';

const MAX_SAMPLES = 300;

export function summariseLatency(latenciesMs: readonly number[]): LatencySummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  const stride = Math.max(1, Math.ceil(latenciesMs.length / MAX_SAMPLES));
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p90Ms: at(0.9),
    p99Ms: at(0.99),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
    samplesMs: latenciesMs.filter((_, i) => i % stride === 0).map(round),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

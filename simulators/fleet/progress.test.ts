import { describe, expect, it } from 'vitest';
import { progressLine, ratesBetween, summaryLines } from './progress.js';
import type { FleetCounts } from './types.js';

const counts = (over: Partial<FleetCounts>): FleetCounts => ({
  target: 19_000,
  connected: 0,
  connecting: 0,
  everConnected: 0,
  disconnects: 0,
  reconnects: 0,
  errors: 0,
  framesServed: 0,
  telemetrySteps: 0,
  telemetryNotifications: 0,
  ...over,
});

describe('fleet progress text', () => {
  it('shows connected / target, the connect rate and errors', () => {
    const before = counts({ connected: 10_000, everConnected: 10_000 });
    const after = counts({ connected: 12_345, everConnected: 12_345, connecting: 256, errors: 2 });
    const rates = ratesBetween(before, after, 1);
    expect(rates.connectsPerSecond).toBe(2_345);
    expect(progressLine(after, rates)).toBe(
      'fleet 12,345/19,000 connected (64 %) · 2,345/s · 256 connecting · 2 errors',
    );
  });

  it('adds reconnects, requests and telemetry once there are any', () => {
    const after = counts({
      connected: 19_000,
      everConnected: 19_000,
      reconnects: 3,
      framesServed: 500,
      telemetrySteps: 40,
      telemetryNotifications: 900,
    });
    const line = progressLine(
      after,
      ratesBetween(counts({ connected: 19_000, everConnected: 19_000 }), after, 2),
    );
    expect(line).toContain('3 reconnects');
    expect(line).toContain('250 req/s');
    expect(line).toContain('telemetry 450 msg/s');
  });

  it('summarises a run, saying when not every device came online', () => {
    const done = {
      ...counts({ everConnected: 19_000 }),
      allConnectedMs: 8_000,
      connectRate: 2_375,
      runMs: 60_000,
      stoppedGracefully: 19_000,
    };
    expect(summaryLines(done)[1]).toBe('  19,000 devices connected in 8.00 s (2,375/s)');
    const partial = { ...done, everConnected: 1, target: 2, allConnectedMs: undefined };
    expect(summaryLines(partial)[1]).toBe('  1/2 devices connected at least once (not all)');
  });
});

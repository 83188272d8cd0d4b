/**
 * The error-code label of a hub load run's metrics is bounded (issue 19): each distinct code a
 * hub answered with became its own series, and 200,000 codes made a 12.4 MB scrape that blocked
 * the generator for 1.3 s. Codes of sections 3 and 8 keep their own series; any other is `other`.
 */
import { describe, expect, it } from 'vitest';
import { HubLive, KNOWN_ERROR_CODES } from '../hub/hub-live.js';
import { HubLoadMetrics } from './hub-metrics.js';

describe('fleetcert_hub_error_answers_total', () => {
  it('has at most one series per known code plus other, whatever codes a hub answers with', async () => {
    const live = new HubLive();
    for (let k = 0; k < 200_000; k++) live.firstAnswer(-100_000 - k, 1);
    live.firstAnswer(-4011, 1);
    live.firstAnswer(-4005, 1);
    live.firstAnswer(Number.NaN, 1);
    const metrics = new HubLoadMetrics({
      shard: { index: 0, count: 1 },
      scenario: { name: 's', seed: 1 },
      version: 'test',
    });
    metrics.watch({
      live,
      devices: 1,
      apps: 1,
      devicesConnected: () => 1,
      appsConnected: () => 1,
      overdue: () => 0,
    });
    const scrape = await metrics.registry.metrics();
    const series = scrape.split('\n').filter((line) => line.startsWith('fleetcert_hub_error_answers_total{'));
    expect(series.length).toBeLessThanOrEqual(KNOWN_ERROR_CODES.size + 1);
    expect(series).toContain('fleetcert_hub_error_answers_total{code="other",shard="0"} 200001');
    expect(series).toContain('fleetcert_hub_error_answers_total{code="-4011",shard="0"} 1');
    expect(series).toContain('fleetcert_hub_error_answers_total{code="-4005",shard="0"} 1');
    expect(scrape.length).toBeLessThan(64 * 1024);
  });
});

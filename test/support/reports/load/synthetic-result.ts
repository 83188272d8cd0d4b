/** Test helper: a load result with a known shape, built through the real recorder and builder. */
import { LoadRecorder } from '../../../../load/measure/recorder.js';
import { buildLoadResult } from '../../../../load/result/build.js';
import type { LoadResult } from '../../../../load/result/types.js';
import { validateScenario } from '../../../../load/scenario/validate.js';

/** A small run with a known shape: 20 s, 100 req/s, 1 % lost, latency rising over time. */
export function syntheticResult(thresholds: string[]): LoadResult {
  const validation = validateScenario({
    name: 'synthetic',
    broker: { url: 'mqtt://127.0.0.1:1883' },
    fleet: [{ type: 'bulb', count: 50 }],
    stages: [{ rampUp: '25/s' }, { hold: '18s' }],
    telemetry: { rate: '1/s' },
    requests: { rate: '100/s' },
    thresholds,
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.problems));
  const recorder = new LoadRecorder(1000);
  for (let i = 0; i < 50; i++) {
    recorder.connectAttempt(i * 40);
    recorder.connected(i * 40 + 5, 5 + (i % 7), false);
    recorder.connectedGauge(i * 40 + 5, i + 1);
  }
  for (let k = 0; k < 2000; k++) {
    const at = k * 10;
    recorder.rpcSent(at);
    if (k % 100 === 7) recorder.rpcLost(at);
    else recorder.rpcAnswered(at, 2 + (k % 50) / 10 + at / 2000);
    if (k % 2 === 0) {
      recorder.notifyPublished(at);
      recorder.notifyDelivered(at, 1 + (k % 13) / 4, false);
    }
  }
  return buildLoadResult({
    version: '0.1.0',
    scenario: validation.scenario,
    shard: { index: 0, count: 1 },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 22_000,
    devices: { planned: 50, withTelemetry: 50 },
    recorded: recorder.finish(22_000),
    errors: [
      {
        kind: 'lost',
        atMs: 70,
        deviceId: 'bulb-0001',
        detail: 'get_properties id 12345: no answer within 2s',
      },
    ],
    notes: ['a note for the reader'],
  });
}

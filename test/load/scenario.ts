/** A small scenario for the load integration tests: 40 mixed devices, about 5.5 s, requests and telemetry. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const TEST_SCENARIO = {
  name: 'test-load',
  seed: 5,
  broker: { url: 'mqtt://127.0.0.1:1' },
  fleet: [
    { type: 'bulb', count: 24 },
    { type: 'purifier', count: 12 },
    { type: 'tv', count: 4 },
  ],
  tokens: { devices: 'tok-{id}', controller: 'ctl' },
  // No ramp down: requests stop a deadline before planned disconnects, and the drain covers the end.
  stages: [{ rampUp: '100/s' }, { hold: '3s' }],
  telemetry: { rate: '2/s' },
  requests: { rate: '100/s', mix: { get: 5, set: 3, action: 2 }, controllers: 2 },
  settle: '500ms',
  thresholds: [
    'rpc.lost<0.1%',
    'notify.lost==0',
    'rpc.wrong==0',
    'rpc.duplicated==0',
    'rpc.misdelivered==0',
    'connect.failed==0',
    'rpc.p99<2s',
  ],
};

/** Writes the scenario (with `changes` merged at the top level) into a fresh temp folder; returns its path. */
export async function writeScenario(changes: Record<string, unknown> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-load-'));
  const file = join(dir, 'scenario.yaml');
  await writeFile(file, stringify({ ...TEST_SCENARIO, ...changes }));
  return file;
}

/**
 * Issue 11: the cases the suite knows by name are sent in every certification, whatever the
 * seed, so a bug that only one of them shows (a device serving a 17-item batch) is caught with
 * every seed; the result says per rule which enumerated cases were sent.
 */
import { describe, expect, it } from 'vitest';
import { certifySimulator } from '../support/certify-simulator.js';
import { SWEEP_SEEDS } from '../support/seed-sweep.js';

describe('enumerated cases (issue 11)', () => {
  it('a device that serves batches of more than 16 items fails EDP-RPC-4 with every seed, over MQTT and WebSocket', async () => {
    const runs = await Promise.all(
      SWEEP_SEEDS.map((seed, i) =>
        certifySimulator({
          type: i % 3 === 0 ? 'tv' : 'bulb',
          mode: i % 3 === 0 ? 'ws' : 'broker',
          seed,
          faults: [{ name: 'serve-oversized-batch', rate: 1 }],
          config: { only: ['EDP-RPC-4'], runs: 10, shrinkTimeLimitMs: 0 },
        }),
      ),
    );
    for (const [i, result] of runs.entries()) {
      const rpc4 = result.requirements.find((r) => r.rule === 'EDP-RPC-4');
      expect(rpc4?.verdict, `seed ${SWEEP_SEEDS[i]}`).toBe('failed');
    }
  }, 240_000);

  it('a conformant device is sent every enumerated case of each rule, also with a tiny run budget', async () => {
    const result = await certifySimulator({
      type: 'purifier',
      mode: 'broker',
      seed: 7,
      config: { runs: 3, shrinkTimeLimitMs: 0 },
    });
    expect(result.verdict).toBe('certified');
    for (const rule of ['EDP-RPC-4', 'EDP-PROP-2', 'EDP-PROP-4', 'EDP-ACT-1', 'EDP-ACT-2']) {
      const r = result.requirements.find((q) => q.rule === rule);
      expect(r?.cases, rule).toBeDefined();
      expect(r?.cases?.sent.length, rule).toBe(r?.cases?.enumerated);
    }
    const rpc4 = result.requirements.find((q) => q.rule === 'EDP-RPC-4');
    expect(rpc4?.cases?.sent).toContain('malformed frame: get_properties with params 17 items');
    expect(rpc4?.cases?.sent).toContain('malformed frame: set_properties with params 17 items');
    const prop4 = result.requirements.find((q) => q.rule === 'EDP-PROP-4');
    // The purifier's fan-level is guarded by mode = 3: both sides of its guard are enumerated.
    expect(prop4?.cases?.sent.some((name) => name.includes('fan-level') && name.includes('-4007'))).toBe(
      true,
    );
  }, 240_000);
});

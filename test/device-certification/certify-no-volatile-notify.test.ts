/**
 * Issue 18, found outside: a device whose volatile readings change on their own but are never
 * notified (the planted fault `no-volatile-notify`) fails EDP-NOTIFY-1 and nothing else, with
 * seeds 1–20, in a full certification at default settings (no --only). The purifier's pm2.5,
 * humidity and temperature move every telemetry tick (250 ms here), so reads in different runs
 * differ; the judge then owes one item between them (conformance/judge/volatile-change-watch.ts).
 * All 20 seeds in npm test, like the notify-unchanged sweep (measured: 210 s on 2 busy cores).
 */
import { describe, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { certifySimulator } from '../support/certify-simulator.js';
import { sweep } from '../support/seed-sweep.js';

/** Certifications side by side: a run mostly waits, so 10 at a time take little longer than one. */
const PARALLEL = 10;

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

function certify(seed: number): Promise<CertificationResult> {
  return certifySimulator({
    type: 'purifier',
    mode: 'broker',
    seed,
    faults: [{ name: 'no-volatile-notify', rate: 1 }],
  });
}

describe('a device that never notifies its volatile readings fails EDP-NOTIFY-1 alone (issue 18)', () => {
  it.concurrent('no-volatile-notify: EDP-NOTIFY-1 alone with seeds 1–20', async ({ expect }) => {
    const runs = await sweep(certify, PARALLEL, SEEDS);
    const verdicts = runs.map(({ seed, result }) => ({
      seed,
      failed: result.requirements.filter((q) => q.verdict === 'failed').map((q) => q.rule),
    }));
    expect(verdicts.filter(({ failed }) => failed.join() !== 'EDP-NOTIFY-1')).toEqual([]);
    const notify = runs.map(({ result }) => result.requirements.find((q) => q.rule === 'EDP-NOTIFY-1'));
    // The failure names the reading, both reads and how to fix it.
    for (const q of notify) expect(JSON.stringify(q)).toContain('notify every change of a volatile reading');
  }, 900_000);
});

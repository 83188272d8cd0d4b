/**
 * The hub written outside fleetcert from PROTOCOL.md section 8 alone (test/support/independent-hub/)
 * is certified by the hub judge with each of 10 seeds: what the judge demands is the protocol,
 * not the reference hub's habits.
 */
import { describe, expect, it } from 'vitest';
import { independentHubCommand } from '../support/hub/hub-process.js';
import { runHubCertification } from '../support/hub-certification.js';
import { TEN_SEEDS } from '../support/hub-sweep.js';
import { concurrencyGate } from '../support/map-concurrently.js';

/** Two certifications at once (issue 18: the judge holds with four side by side in one process). */
const twoAtATime = concurrencyGate(2);

/** Fewer sessions per seed than the reference hub's (two per rule), so ten seeds stay cheap. */
const RUNS_PER_SEED = 10;

describe.concurrent('the independent hub', () => {
  for (const seed of TEN_SEEDS)
    it(
      `is certified with seed ${seed}`,
      () =>
        twoAtATime(async () => {
          const { result } = await runHubCertification({
            seed,
            runs: RUNS_PER_SEED,
            command: independentHubCommand(),
            deadlineMs: 500,
          });
          const failed = result.requirements.flatMap((r) =>
            r.verdict === 'failed'
              ? [`${r.rule}: ${r.counterexample.commands.join(' | ')} — ${r.counterexample.summary}`]
              : [],
          );
          expect(failed).toEqual([]);
          expect(result.verdict).toBe('certified');
        }),
      900_000,
    );
});

/**
 * Issue 18: the device judge finds NO violation in any history a correct device may produce
 * (legal-device-history.ts: any valid model, any requests, responses anywhere within the
 * deadline, items grouped any way, before or after their response, interleaved across requests,
 * volatile changes and spontaneous events, repeats answered from the stored response).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeDeviceHistory } from './judge-device-history.js';
import { legalDeviceHistory } from './legal-device-history.js';

const LEGAL_RUNS = Number(process.env.FLEETCERT_JUDGE_RUNS ?? 2000);
/** One seed for every draw (determinism): another one with FLEETCERT_JUDGE_SEED. */
const SEED = Number(process.env.FLEETCERT_JUDGE_SEED ?? 18);

describe('the device judge on legal histories (issue 18)', () => {
  it(`finds no violation in ${LEGAL_RUNS} generated legal histories`, () => {
    fc.assert(
      fc.property(legalDeviceHistory(), (legal) => {
        const violations = judgeDeviceHistory(legal.index, legal.history);
        expect(violations.map((v) => `${v.rule}: expected ${v.expected}; observed ${v.observed}`)).toEqual(
          [],
        );
      }),
      { numRuns: LEGAL_RUNS, seed: SEED },
    );
  }, 120_000);
});

/**
 * The hub judge finds nothing in any legal history (PROTOCOL.md section 8): every history built
 * by legal-hub-history.ts, with all the freedom a correct hub has, is judged clean.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { legalHubHistory } from './legal-hub-history.js';

const T = resolveHubTimeouts();
const LEGAL_RUNS = 6_000;

describe('the hub judge on legal histories', () => {
  it(`finds no violation in ${LEGAL_RUNS} generated legal histories`, () => {
    fc.assert(
      fc.property(legalHubHistory, ({ record }) => {
        const judged = judgeHubRun(record, T);
        expect(
          judged.violations.map((v) => `${v.rule} ${v.lane} @${v.atMs}: ${v.expected} / ${v.observed}`),
        ).toEqual([]);
        expect(judged.pendingUntilMs).toBeUndefined();
      }),
      { numRuns: LEGAL_RUNS, seed: 18 },
    );
  });
});

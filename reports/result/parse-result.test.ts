import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../errors.js';
import { loadResultFixture } from '../testing/fixtures.js';
import { certificationResultProblems, parseCertificationResult } from './parse-result.js';

describe('parseCertificationResult', () => {
  it('accepts the sample results', async () => {
    expect(certificationResultProblems(await loadResultFixture('passing'))).toEqual([]);
    expect(certificationResultProblems(await loadResultFixture('failing'))).toEqual([]);
  });

  it('lists every problem with its JSON path', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the point is to break the typed shape
    const result = structuredClone(await loadResultFixture('failing')) as any;
    result.schema = 'something/2';
    delete result.device.id;
    result.requirements[0].verdict = 'flaky';
    delete result.requirements[13].counterexample.trace[0].atMs;
    delete result.requirements[16].reason;
    expect(certificationResultProblems(result)).toEqual([
      '$.schema must be "fleetcert.certification-result/1" (found "something/2")',
      '$.device.id is missing',
      '$.requirements[0].verdict must be one of "passed", "failed", "not-run" (found "flaky")',
      '$.requirements[13].counterexample.trace[0].atMs is missing',
      '$.requirements[16].reason is missing',
    ]);
  });

  it('refuses counts and a verdict that contradict the rows', async () => {
    const result = await loadResultFixture('failing');
    expect(
      certificationResultProblems({
        ...result,
        verdict: 'certified',
        counts: { passed: 17, failed: 0, notRun: 6 },
      }),
    ).toEqual([
      '$.counts.passed is 17 but 13 requirements have that verdict',
      '$.counts.failed is 0 but 2 requirements have that verdict',
      '$.verdict is "certified" although 2 requirement(s) failed',
    ]);
  });

  it('throws a ReportInputError (exit 2) naming the source and the fix', () => {
    const error = (() => {
      try {
        parseCertificationResult([], 'out/result.json');
      } catch (e) {
        return e as ReportInputError;
      }
    })();
    expect(error).toBeInstanceOf(ReportInputError);
    expect(error?.code).toBe('FLEETCERT_REPORT_INPUT');
    expect(error?.exitCode).toBe(2);
    expect(error?.message).toBe(
      'out/result.json is not a fleetcert certification result (schema fleetcert.certification-result/1):\n  - $ must be a JSON object\nRender the result.json that `fleetcert certify` wrote, unchanged.',
    );
  });

  it('never crashes on arbitrary JSON: it returns problems', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(certificationResultProblems(value).length).toBeGreaterThan(0);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadResultFixture, readResultFixture } from '../../test/support/reports/fixtures.js';
import { ReportInputError } from '../errors.js';
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
    delete result.subject.id;
    result.requirements[0].verdict = 'flaky';
    delete result.requirements[13].counterexample.trace[0].atMs;
    delete result.requirements[16].reason;
    expect(certificationResultProblems(result)).toEqual([
      '$.schema must be "fleetcert.certification-result/2" or, for a device result written earlier, "fleetcert.certification-result/1" (found "something/2")',
      '$.subject.id is missing',
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
      'out/result.json is not a fleetcert certification result (schema fleetcert.certification-result/2):\n  - $ must be a JSON object\nRender the result.json that `fleetcert certify` wrote, unchanged.',
    );
  });

  it('reads a /1 device result as the /2 result it stands for, without its old seal', async () => {
    const v1 = await loadResultFixture('v1/failing');
    const v2 = await loadResultFixture('failing');
    expect(v1).toEqual(v2);
    expect(v1.schema).toBe('fleetcert.certification-result/2');
    expect(v1.subject).toMatchObject({ kind: 'device', id: 'bulb-0002' });
    const sealedV1 = {
      ...(await readResultFixture('v1/failing')),
      integrity: { algorithm: 'sha256', digest: '0'.repeat(64) },
    };
    expect(parseCertificationResult(sealedV1, 'old.json').integrity).toBeUndefined();
  });

  it('checks a hub subject: token names and grants, never anything else', async () => {
    const hub = await loadResultFixture('hub-failing');
    expect(certificationResultProblems(hub)).toEqual([]);
    // biome-ignore lint/suspicious/noExplicitAny: the point is to break the typed shape
    const broken = structuredClone(hub) as any;
    broken.subject.apps[0].devices = 'all';
    delete broken.subject.fleet[1].modelId;
    broken.subject.apps[1].token = 'tok-app-b-secret';
    broken.requirements[0].counterexample.trace[0].party = 7;
    expect(certificationResultProblems(broken)).toEqual([
      '$.subject.fleet[1].modelId is missing',
      '$.subject.apps[0].devices must be an array or "*"',
      '$.subject.apps[1].token must not be there: a result names app tokens, never their secrets',
      '$.requirements[0].counterexample.trace[0].party must be a string',
    ]);
  });

  it('never crashes on arbitrary JSON: it returns problems', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(certificationResultProblems(value).length).toBeGreaterThan(0);
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { FleetcertError } from '../../src/errors.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import type { TaskRunOutcome } from '../../src/tasks/index.js';
import { hubRunExitCode } from './hub-certification.js';

const result = (verdict: CertificationResult['verdict'], failed: number) =>
  ({ verdict, counts: { passed: 1, failed, notRun: 0 } }) as unknown as CertificationResult;
const run = (status: TaskRunOutcome['status'], error?: unknown): TaskRunOutcome => ({
  status,
  ...(error === undefined ? {} : { error }),
  teardownErrors: [],
});
const setup = new FleetcertError('FLEETCERT_HUB_SETUP', 'no READY', { exitCode: 2 });

describe('hubRunExitCode', () => {
  it('a broken rule is exit 1 whatever came after: a stop, an interrupt, a hub that exited', () => {
    for (const status of ['passed', 'failed', 'timedout', 'interrupted'] as const)
      expect(
        hubRunExitCode(run(status, status === 'passed' ? undefined : setup), result('not-certified', 1)),
      ).toBe(1);
  });

  it('a run stopped before any rule failed is exit 2, even with a partial result written', () => {
    for (const status of ['failed', 'timedout', 'interrupted'] as const)
      expect(hubRunExitCode(run(status, setup), result('partial', 0))).toBe(2);
    expect(hubRunExitCode(run('failed', setup), undefined)).toBe(2);
  });

  it('a finished run exits as its verdict says: certified and partial 0, not certified 1', () => {
    expect(hubRunExitCode(run('passed'), result('certified', 0))).toBe(0);
    expect(hubRunExitCode(run('passed'), result('partial', 0))).toBe(0);
    expect(hubRunExitCode(run('passed'), result('not-certified', 0))).toBe(1);
  });
});

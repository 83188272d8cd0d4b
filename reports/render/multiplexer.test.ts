import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadResultFixture } from '../../test/support/reports/fixtures.js';
import { ReportWriteError } from '../errors.js';
import { defaultReporters, writeCertificationReports } from '../write.js';
import { ReporterMultiplexer } from './multiplexer.js';
import type { Reporter } from './reporter.js';

/** A reporter that throws in one lifecycle step and records every call it gets. */
function brokenReporter(failIn: 'onBegin' | 'onResult' | 'onEnd', calls: string[]): Reporter {
  const step = (name: string) => {
    calls.push(name);
    if (name === failIn) throw new Error(`disk on fire in ${name}`);
  };
  return {
    name: 'broken',
    onBegin: () => step('onBegin'),
    onResult: () => step('onResult'),
    onEnd: async () => {
      step('onEnd');
      return 'never';
    },
  };
}

describe('ReporterMultiplexer', () => {
  let outDir: string;
  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'fleetcert-mux-'));
  });
  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  for (const failIn of ['onBegin', 'onResult', 'onEnd'] as const) {
    it(`keeps writing the other reports when one throws in ${failIn}`, async () => {
      const calls: string[] = [];
      const reporters = [brokenReporter(failIn, calls), ...defaultReporters()];
      const error = await writeCertificationReports(
        await loadResultFixture('failing'),
        { outDir },
        reporters,
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReportWriteError);
      expect((error as ReportWriteError).message).toContain(`  - broken: disk on fire in ${failIn}`);
      expect((error as ReportWriteError).exitCode).toBe(2);
      for (const file of ['report.html', 'result.json', 'junit.xml'])
        expect(existsSync(join(outDir, file))).toBe(true);
      // After its failure the broken reporter gets no further calls.
      expect(calls).toEqual(
        ['onBegin', 'onResult', 'onEnd'].slice(0, ['onBegin', 'onResult', 'onEnd'].indexOf(failIn) + 1),
      );
    });
  }

  it('reports what each reporter wrote and no failures when all work', async () => {
    const multiplexer = new ReporterMultiplexer(defaultReporters());
    const result = await loadResultFixture('passing');
    const { buildReportModel } = await import('../model/build-report-model.js');
    const { sealResult } = await import('../integrity/seal.js');
    const sealed = sealResult(result);
    await multiplexer.onBegin({ outDir });
    await multiplexer.onResult({ result: sealed, model: buildReportModel(sealed) });
    const { written, failures } = await multiplexer.onEnd();
    expect(failures).toEqual([]);
    expect([...written.keys()]).toEqual(['html', 'json', 'junit']);
    expect(JSON.parse(await readFile(written.get('json')!, 'utf8'))).toEqual(sealed);
  });
});

/**
 * Writing reports to disk: what `fleetcert report render` and `fleetcert certify` call.
 * A device's reports are report.html, result.json and junit.xml in one directory; a run over
 * several devices adds index.html, a summary linking to each.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { CertificationResult } from '../src/result/index.js';
import { ReportTamperedError, ReportWriteError } from './errors.js';
import { sealResult } from './integrity/seal.js';
import { checkSealed } from './integrity/sealed-check.js';
import { buildReportModel } from './model/build-report-model.js';
import { buildSummaryModel } from './model/summary-model.js';
import { renderSummaryHtml } from './render/html.js';
import { HtmlReporter } from './render/html-reporter.js';
import { JsonReporter } from './render/json-reporter.js';
import { JunitReporter } from './render/junit-reporter.js';
import { ReporterMultiplexer } from './render/multiplexer.js';
import { type Reporter, writeFileAtomically } from './render/reporter.js';
import { reportTemplates } from './render/templates.js';
import { parseCertificationResult } from './result/parse-result.js';

/** Where reports go when no `--out` is given (ignored by git). */
export const DEFAULT_REPORT_DIR = 'fleetcert-report';

export interface WriteReportOptions {
  readonly outDir: string;
  /** Ed25519 private key as PEM text: the result is signed as well as sealed. */
  readonly signKeyPem?: string;
  /** Names the key in errors (its file path). */
  readonly signKeySource?: string;
  /** Names the result in errors (its file path). */
  readonly source?: string;
}

export interface WrittenReports {
  readonly htmlPath: string;
  readonly jsonPath: string;
  readonly junitPath: string;
  /** The sealed result the three files were written from. */
  readonly result: CertificationResult;
}

/** The reporters a device's certification writes, in order. */
export function defaultReporters(): Reporter[] {
  return [new HtmlReporter(), new JsonReporter(), new JunitReporter()];
}

/**
 * A result that is already sealed (a result.json rendered again) must still match its seal,
 * checked before anything else: re-sealing a changed one would launder the change.
 */
function assertSealHolds(result: unknown, source: string): void {
  if (result === null || typeof result !== 'object' || !('integrity' in result)) return;
  const { problems } = checkSealed(result as Record<string, unknown>);
  if (problems.length > 0) throw new ReportTamperedError(source, problems);
}

/** Seal anew, unless the result is sealed already and no new key is given (a valid signature is kept). */
function sealOrKeep(result: CertificationResult, options: WriteReportOptions): CertificationResult {
  if (result.integrity && options.signKeyPem === undefined) return result;
  return sealResult(result, {
    ...(options.signKeyPem === undefined ? {} : { signKey: options.signKeyPem }),
    ...(options.signKeySource === undefined ? {} : { signKeySource: options.signKeySource }),
  });
}

/**
 * Seal `result` (and sign it when a key is given), then write report.html, result.json and
 * junit.xml into `outDir`. When one format fails the others are still written, then a
 * ReportWriteError names what failed.
 */
export async function writeCertificationReports(
  result: CertificationResult,
  options: WriteReportOptions,
  reporters: readonly Reporter[] = defaultReporters(),
): Promise<WrittenReports> {
  const source = options.source ?? 'the certification result';
  assertSealHolds(result, source);
  const sealed = sealOrKeep(parseCertificationResult(result, source), options);
  const multiplexer = new ReporterMultiplexer(reporters);
  await multiplexer.onBegin({ outDir: options.outDir });
  await multiplexer.onResult({ result: sealed, model: buildReportModel(sealed) });
  const { written, failures } = await multiplexer.onEnd();
  if (failures.length > 0) throw new ReportWriteError(options.outDir, failures);
  return {
    htmlPath: written.get('html') ?? join(options.outDir, 'report.html'),
    jsonPath: written.get('json') ?? join(options.outDir, 'result.json'),
    junitPath: written.get('junit') ?? join(options.outDir, 'junit.xml'),
    result: sealed,
  };
}

export interface SummaryReportEntry {
  readonly result: CertificationResult;
  /** Path of the device's report.html; the summary links to it relative to `outDir`. */
  readonly htmlPath: string;
}

function hrefFrom(outDir: string, target: string): string {
  return relative(outDir, target).split(sep).map(encodeURIComponent).join('/');
}

/** Write `outDir/index.html`, one row per device linking to its report. Returns its path. */
export async function writeSummaryReport(
  entries: readonly SummaryReportEntry[],
  outDir: string,
): Promise<string> {
  const model = buildSummaryModel(
    entries.map((entry, index) => ({
      result: parseCertificationResult(entry.result, `summary entry ${index + 1}`),
      reportHref: hrefFrom(outDir, entry.htmlPath),
    })),
  );
  const html = renderSummaryHtml(model, await reportTemplates());
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, 'index.html');
  await writeFileAtomically(path, html);
  return path;
}

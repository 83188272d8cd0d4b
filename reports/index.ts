/**
 * Certification reports (issue 5): a typed report model built from a CertificationResult,
 * rendered to HTML, JSON and JUnit behind one Reporter lifecycle, sealed with a SHA-256 digest
 * (optionally Ed25519-signed) and verifiable after the fact.
 */
export {
  ReportInputError,
  ReportKeyError,
  ReportTamperedError,
  ReportUnreadableError,
  ReportWriteError,
} from './errors.js';
export { resultDigest, type SealOptions, sealResult, withoutIntegrity } from './integrity/seal.js';
export { keyFingerprint } from './integrity/signature.js';
export { type VerifyOptions, type VerifyOutcome, verifyReport } from './integrity/verify.js';
export { buildReportModel } from './model/build-report-model.js';
export type { ReportModel } from './model/report-model.js';
export { buildSummaryModel, type SummaryEntry, type SummaryModel } from './model/summary-model.js';
export { embedResultJson, renderReportHtml, renderSummaryHtml } from './render/html.js';
export { HtmlReporter } from './render/html-reporter.js';
export { JsonReporter } from './render/json-reporter.js';
export { renderJunitXml } from './render/junit.js';
export { JunitReporter } from './render/junit-reporter.js';
export { type MultiplexOutcome, ReporterMultiplexer } from './render/multiplexer.js';
export type { ReportContext, Reporter, ReportInput } from './render/reporter.js';
export {
  compileReportTemplates,
  type PageChrome,
  type ReportTemplates,
  reportTemplates,
} from './render/templates.js';
export { certificationResultProblems, parseCertificationResult } from './result/parse-result.js';
export { SummaryFolders } from './summary-folder.js';
export {
  type ReplayReport,
  type ReplayReportEntry,
  renderReplayJunit,
  replayFailureText,
  type SealableTrace,
  sealTrace,
  TRACES_DIR,
  writeTraceFiles,
} from './trace/index.js';
export {
  DEFAULT_REPORT_DIR,
  defaultReporters,
  type SummaryReportEntry,
  type WriteReportOptions,
  type WrittenReports,
  writeCertificationReports,
  writeSummaryReport,
} from './write.js';

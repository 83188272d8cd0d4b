/**
 * Certification report pages as HTML strings: pure functions of a report model, the sealed
 * result and the compiled templates. No clock, no locale, no paths: the same result always
 * renders to the same bytes, which is what lets `report verify` re-render and compare.
 */
import { canonicalJson } from '../../src/canonical-json.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import type { ReportModel } from '../model/report-model.js';
import type { SummaryModel } from '../model/summary-model.js';
import type { ReportTemplates } from './templates.js';

/** The `id` of the `<script type="application/json">` block that carries the result. */
export const EMBEDDED_RESULT_ID = 'fleetcert-result';

/**
 * The result as it sits inside the page: canonical JSON with every `<` escaped, so no string
 * in a device's message can close the data block (`</script>`) or open a comment.
 */
export function embedResultJson(result: CertificationResult): string {
  return canonicalJson(result).replaceAll('<', '\\u003c');
}

export function renderReportHtml(
  model: ReportModel,
  sealed: CertificationResult,
  templates: ReportTemplates,
): string {
  const page = { ...templates.chrome, embeddedJson: embedResultJson(sealed) };
  return templates.report({ model, page });
}

export function renderSummaryHtml(model: SummaryModel, templates: ReportTemplates): string {
  return templates.summary({ model, page: templates.chrome });
}

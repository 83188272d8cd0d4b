/**
 * Certification report pages as HTML strings: pure functions of a report model, the sealed
 * result and the compiled templates. No clock, no locale, no paths: the same result always
 * renders to the same bytes, which is what lets `report verify` re-render and compare.
 */
import { canonicalJson } from '../../src/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import type { ReportModel } from '../model/report-model.js';
import type { SummaryModel } from '../model/summary-model.js';
import { printableModel } from './printable-model.js';
import type { ReportTemplates } from './templates.js';

/** The `id` of the `<script type="application/json">` block that carries the result. */
export const EMBEDDED_RESULT_ID = 'fleetcert-result';

/**
 * The result as it sits inside the page: canonical JSON with every `<` escaped, so no string
 * in a device's message can close the data block (`</script>`) or open a comment.
 */
export function embedResultJson(result: CertificationResult): string {
  // JSON.stringify escapes C0 controls; C1, line separators and bidi controls are escaped here
  // too (they can only sit inside strings, where \\uXXXX reads back the same), so the page holds
  // no raw control character from a device or a hub.
  return canonicalJson(result)
    .replaceAll('<', '\\u003c')
    .replace(
      /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu,
      (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
    );
}

export function renderReportHtml(
  model: ReportModel,
  sealed: CertificationResult,
  templates: ReportTemplates,
): string {
  const page = { ...templates.chrome, embeddedJson: embedResultJson(sealed) };
  return templates.report({ model: printableModel(model), page });
}

export function renderSummaryHtml(model: SummaryModel, templates: ReportTemplates): string {
  return templates.summary({ model: printableModel(model), page: templates.chrome });
}

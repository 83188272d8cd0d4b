/** The HTML load report (issue 6): typed model from a load result, rendered like the certification report. */
export { buildLoadReportModel } from './build-model.js';
export type { LoadReportModel } from './model.js';
export { LOAD_REPORT_FILE, loadReportTemplates, renderLoadReportHtml, writeLoadReport } from './render.js';

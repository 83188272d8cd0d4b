/**
 * The HTML load report: the load report model rendered with handlebars against the shared
 * report partials (head, header, footer, styles), so it looks like the certification report.
 * One self-contained page: one inline style sheet, inline SVG, no script, nothing fetched.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult } from '../../load/result/index.js';
import { printableModel } from '../render/printable-model.js';
import { chromeOf, type ReportTemplates, reportTemplates, type Template } from '../render/templates.js';
import { buildLoadReportModel } from './build-model.js';
import type { LoadReportModel } from './model.js';

export const LOAD_REPORT_FILE = 'load-report.html';
const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface LoadReportTemplates {
  readonly page: Template;
  readonly chrome: ReturnType<typeof chromeOf>;
}

let shared: Promise<LoadReportTemplates> | undefined;

/** Compiles the load report template against the shared report partials (once). */
export function loadReportTemplates(base?: ReportTemplates): Promise<LoadReportTemplates> {
  if (base) return compile(base);
  shared ??= reportTemplates().then(compile);
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

async function compile(base: ReportTemplates): Promise<LoadReportTemplates> {
  const [source, css] = await Promise.all([
    readFile(join(HERE, 'load-report.hbs'), 'utf8'),
    readFile(join(HERE, 'load-styles.css'), 'utf8'),
  ]);
  // One style sheet for the whole page, so the page's CSP can pin it by hash.
  return {
    page: base.compile(source),
    chrome: chromeOf(`${base.chrome.css}\n${css}`, `${base.chrome.fingerprint}+load`),
  };
}

export function renderLoadReportHtml(model: LoadReportModel, templates: LoadReportTemplates): string {
  return templates.page({ model: printableModel(model), page: templates.chrome });
}

/** Builds the model, renders it and writes `load-report.html` into `dir`; returns its path. */
export async function writeLoadReport(dir: string, result: LoadResult, generator: string): Promise<string> {
  const html = renderLoadReportHtml(buildLoadReportModel(result, generator), await loadReportTemplates());
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOAD_REPORT_FILE);
  await writeFile(path, html);
  return path;
}

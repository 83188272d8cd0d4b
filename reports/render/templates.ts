/**
 * The handlebars templates of reports/templates/, compiled once into their own handlebars
 * instance (no global helpers or partials), and the page chrome every report page shares:
 * the CSS, the Content-Security-Policy that keeps a report from loading anything, and the
 * template fingerprint that `report verify` uses to know it renders pages the same way.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/**
 * Bump when the report model or the rendering changes what a page looks like for the same
 * result: `report verify` re-renders pages and compares bytes, so it must know it would
 * render this page the same way (the template sources are fingerprinted as well).
 */
export const REPORT_FORMAT_VERSION = 'fleetcert-report/1';

export const TEMPLATE_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

export type Template = Handlebars.TemplateDelegate;

/** What every report page puts in its `<head>` besides its title. */
export interface PageChrome {
  readonly css: string;
  /** `default-src 'none'` plus the hash of the one inline style sheet: nothing is fetched, nothing runs. */
  readonly csp: string;
  /** Identifies the templates and format version a page was rendered with. */
  readonly fingerprint: string;
}

export interface ReportTemplates {
  readonly report: Template;
  readonly summary: Template;
  readonly chrome: PageChrome;
  /** Compile another page (the load report) against the same partials: head, header, footer, styles. */
  compile(source: string): Template;
}

const COMPILE_OPTIONS = { strict: true, knownHelpersOnly: true } as const;

async function readTemplates(dir: string): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const sub of ['', 'partials']) {
    const entries = (await readdir(join(dir, sub))).filter((name) => name.endsWith('.hbs')).sort();
    for (const name of entries)
      sources.set(join(sub, name).replaceAll('\\', '/'), await readFile(join(dir, sub, name), 'utf8'));
  }
  return sources;
}

function fingerprintOf(sources: Map<string, string>): string {
  const hash = createHash('sha256').update(REPORT_FORMAT_VERSION);
  for (const [name, source] of [...sources].sort(([a], [b]) => (a < b ? -1 : 1)))
    hash.update(`\0${name}\0${source}`);
  return `${REPORT_FORMAT_VERSION}+${hash.digest('hex').slice(0, 16)}`;
}

export function chromeOf(css: string, fingerprint: string): PageChrome {
  const styleHash = createHash('sha256').update(css, 'utf8').digest('base64');
  return {
    css,
    csp: `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`,
    fingerprint,
  };
}

/** Compile the templates of `dir` (default reports/templates/). */
export async function compileReportTemplates(dir: string = TEMPLATE_DIR): Promise<ReportTemplates> {
  const sources = await readTemplates(dir);
  const handlebars = Handlebars.create();
  for (const [name, source] of sources) {
    if (name.startsWith('partials/')) {
      handlebars.registerPartial(
        name.slice('partials/'.length, -'.hbs'.length),
        handlebars.compile(source, COMPILE_OPTIONS),
      );
    }
  }
  const compile = (source: string) => handlebars.compile(source, COMPILE_OPTIONS);
  const required = (name: string) => {
    const source = sources.get(name);
    if (source === undefined) throw new Error(`report template ${join(dir, name)} is missing`);
    return source;
  };
  const css = compile(required('partials/styles.hbs'))({});
  return {
    report: compile(required('report.hbs')),
    summary: compile(required('summary.hbs')),
    chrome: chromeOf(css, fingerprintOf(sources)),
    compile,
  };
}

let shared: Promise<ReportTemplates> | undefined;

/** The templates shipped in reports/templates/, compiled on first use. */
export function reportTemplates(): Promise<ReportTemplates> {
  shared ??= compileReportTemplates();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

import { renderReportHtml } from './html.js';
import { FileReporter, type ReportInput } from './reporter.js';
import { type ReportTemplates, reportTemplates } from './templates.js';

/** `report.html`: the self-contained page a partner hands on and a reviewer reads. */
export class HtmlReporter extends FileReporter {
  readonly name = 'html';
  protected readonly fileName = 'report.html';

  constructor(private readonly templates?: ReportTemplates) {
    super();
  }

  protected async render({ model, result }: ReportInput): Promise<string> {
    return renderReportHtml(model, result, this.templates ?? (await reportTemplates()));
  }
}

import { FileReporter, type ReportInput } from './reporter.js';

/** `result.json`: the sealed result itself, indented for people; its digest does not depend on spacing. */
export class JsonReporter extends FileReporter {
  readonly name = 'json';
  protected readonly fileName = 'result.json';

  protected render({ result }: ReportInput): string {
    return `${JSON.stringify(result, null, 2)}\n`;
  }
}

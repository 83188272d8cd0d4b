import { renderJunitXml } from './junit.js';
import { FileReporter, type ReportInput } from './reporter.js';

/** `junit.xml`: one testsuite, one testcase per requirement, for CI systems. */
export class JunitReporter extends FileReporter {
  readonly name = 'junit';
  protected readonly fileName = 'junit.xml';

  protected render({ result }: ReportInput): string {
    return renderJunitXml(result);
  }
}

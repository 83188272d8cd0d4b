import { FleetcertError } from '../src/index.js';

/** A result file that is not a CertificationResult fleetcert can render: exit 2, every problem listed. */
export class ReportInputError extends FleetcertError {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    const listed = problems.map((problem) => `\n  - ${problem}`).join('');
    super(
      'FLEETCERT_REPORT_INPUT',
      `${source} is not a fleetcert certification result (schema fleetcert.certification-result/2):${listed}\nRender the result.json that \`fleetcert certify\` wrote, unchanged.`,
      { exitCode: 2 },
    );
    this.problems = problems;
  }
}

/** A report that cannot be read or is not a fleetcert report at all: exit 2. */
export class ReportUnreadableError extends FleetcertError {
  constructor(source: string, why: string, options: { cause?: unknown } = {}) {
    super(
      'FLEETCERT_REPORT_UNREADABLE',
      `cannot read report ${source}: ${why}. Pass the report.html or result.json that \`fleetcert report render\` or \`fleetcert certify\` wrote.`,
      { exitCode: 2, ...options },
    );
  }
}

/** A signing or verification key that Node's crypto cannot use as Ed25519: exit 2. */
export class ReportKeyError extends FleetcertError {
  constructor(source: string, why: string, options: { cause?: unknown } = {}) {
    super(
      'FLEETCERT_REPORT_KEY',
      `${source} is not a usable Ed25519 key: ${why}. Create one with \`openssl genpkey -algorithm ed25519 -out sign-key.pem\` and its public half with \`openssl pkey -in sign-key.pem -pubout -out sign-key.pub.pem\`.`,
      { exitCode: 2, ...options },
    );
  }
}

/** One or more reporters failed; the others still wrote their files. */
export class ReportWriteError extends FleetcertError {
  readonly failures: readonly { readonly reporter: string; readonly error: unknown }[];

  constructor(outDir: string, failures: readonly { readonly reporter: string; readonly error: unknown }[]) {
    const listed = failures
      .map(
        ({ reporter, error }) =>
          `\n  - ${reporter}: ${error instanceof Error ? error.message : String(error)}`,
      )
      .join('');
    super(
      'FLEETCERT_REPORT_WRITE',
      `could not write every report to ${outDir}:${listed}\nCheck that the directory is writable and has space; the other reports were written.`,
      { exitCode: 2 },
    );
    this.failures = failures;
  }
}

/** A sealed result whose content no longer matches its digest or signature: exit 1, never re-sealed. */
export class ReportTamperedError extends FleetcertError {
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(
      'FLEETCERT_REPORT_TAMPERED',
      `${source} was changed after it was sealed, so it is not rendered again (that would seal the change):${problems.map((p) => `\n  - ${p}`).join('')}\nRender the result.json that \`fleetcert certify\` wrote, unchanged.`,
      { exitCode: 1 },
    );
    this.problems = problems;
  }
}

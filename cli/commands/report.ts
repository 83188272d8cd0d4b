/**
 * `fleetcert report render | summary | verify`: write the HTML, JSON and JUnit reports of a
 * certification result, a summary over several devices, and check that a report was not
 * changed after it was written. Files are read here, at the edge; reports/ stays pure.
 */

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  DEFAULT_REPORT_DIR,
  ReportInputError,
  ReportUnreadableError,
  SummaryFolders,
  type VerifyOutcome,
  verifyReport,
  writeCertificationReports,
  writeSummaryReport,
} from '../../reports/index.js';
import {
  boundedJsonProblemText,
  escapeControl,
  FleetcertError,
  formatLimit,
  INPUT_LIMITS,
  MAX_FILE_DEPTH,
  parseBoundedJson,
  printable,
  readTextFileWithin,
} from '../../src/index.js';
import { type CertificationResult, countsText, subjectName, verdictText } from '../../src/result/index.js';
import type { CommandArgs } from '../context.js';
import { reportSchemaCommand } from './report-schema.js';

async function readText(path: string, what: string): Promise<string> {
  let read: Awaited<ReturnType<typeof readTextFileWithin>>;
  try {
    read = await readTextFileWithin(path, INPUT_LIMITS.resultFileBytes);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new FleetcertError('FLEETCERT_FILE', `cannot read ${what} ${path}: ${reason}. Check the path.`, {
      exitCode: 2,
      cause: error,
    });
  }
  if (!read.ok) {
    throw new FleetcertError(
      'FLEETCERT_FILE',
      `${what} ${path} is ${read.size} bytes, over the limit of ${formatLimit(read.limit)}. Check that it is the right file.`,
      { exitCode: 2 },
    );
  }
  return read.text;
}

/** Who a result (either schema) is for, before it is checked: to refuse a summary listing one twice. */
function rawSubject(raw: unknown): { kind: 'device' | 'hub'; name: string } | undefined {
  const record = (value: unknown) =>
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const result = record(raw);
  const subject = record(result?.subject) ?? record(result?.device);
  if (subject?.kind === 'hub')
    return typeof subject.target === 'string' ? { kind: 'hub', name: subject.target } : undefined;
  return typeof subject?.id === 'string' ? { kind: 'device', name: subject.id } : undefined;
}

async function readResult(path: string): Promise<unknown> {
  const text = await readText(path, 'result file');
  const read = parseBoundedJson(text, { maxBytes: INPUT_LIMITS.resultFileBytes, maxDepth: MAX_FILE_DEPTH });
  if (!read.ok) throw new ReportInputError(path, [boundedJsonProblemText(read, 'it')]);
  return read.value;
}

function describeVerdict(result: CertificationResult): string {
  return `${printable(subjectName(result.subject))} ${verdictText(result, false)} (${printable(countsText(result))})`;
}

/**
 * The first line says what the check proves. A digest alone proves only that the file agrees with
 * itself: whoever edits it can compute a new one. Only a signature says who wrote it, and only a
 * key the reader trusts (--public-key) says it was the right someone.
 */
function headline(file: string, outcome: VerifyOutcome): string {
  switch (outcome.signature) {
    case 'none':
      return `integrity only: ${file} matches its own digest, but it is not signed: anyone could have rewritten it and computed a new digest.`;
    case 'embedded-key':
      return `signed: ${file} is as the holder of key ${outcome.keyFingerprint} signed it; that key is the one the file names itself (pass --public-key to require yours).`;
    case 'given-key':
      return `signed: ${file} is as it was written and signed by the given key ${outcome.keyFingerprint}.`;
  }
}

function signatureLine(outcome: VerifyOutcome): string {
  switch (outcome.signature) {
    case 'none':
      return 'none (integrity only; sign with --sign-key, require a signature with --public-key)';
    case 'given-key':
      return `valid Ed25519 signature by the given key ${outcome.keyFingerprint}`;
    case 'embedded-key':
      return `valid Ed25519 signature by key ${outcome.keyFingerprint}, not checked against a key you trust`;
  }
}

/** The exact text `report verify` prints; exported for its example tests. */
export function formatVerifyOutcome(file: string, outcome: VerifyOutcome): string {
  if (!outcome.unchanged) {
    return `CHANGED: ${file} was changed after it was written, or is not signed by the key it must be:\n${outcome.problems.map((p) => `  - ${escapeControl(p)}\n`).join('')}`;
  }
  const lines = [
    headline(file, outcome),
    `  digest     sha256:${outcome.digest}`,
    `  signature  ${signatureLine(outcome)}`,
  ];
  if (outcome.result) lines.push(`  verdict    ${describeVerdict(outcome.result)}`);
  if (outcome.trace)
    lines.push(
      `  trace      ${outcome.trace.rule} on model ${outcome.trace.modelId} sha256:${outcome.trace.modelSha256}`,
    );
  return `${lines.join('\n')}\n`;
}

interface VerifyArgs extends CommandArgs {
  readonly file: string;
  readonly publicKey?: string;
}

const verify: CommandModule<object, VerifyArgs> = {
  command: 'verify <file>',
  describe:
    'Check that a report.html, result.json or trace file was not changed after it was written (exit 0 unchanged, 1 changed, 2 unreadable)',
  builder: (yargs) =>
    yargs
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: 'report.html, result.json or traces/RULE.trace.json',
      })
      .option('public-key', {
        type: 'string',
        alias: 'key',
        describe:
          'Ed25519 public key (PEM) the report must be signed with (a missing or other signature: exit 1)',
      })
      .example('$0 report verify fleetcert-report/report.html', 'Check that a report was not edited')
      .example(
        '$0 report verify result.json --public-key lab.pub.pem',
        'Also check that it was signed with the lab key',
      )
      .epilogue(
        'Without a signature a digest is integrity only: anyone who edits a file can compute a new one. A signature names a key; ' +
          'only --public-key (a key you got from its owner by another channel) makes a signature by that key mandatory.\n' +
          'Exit codes: 0 unchanged (and signed by --public-key, if given), 1 changed or not signed by that key, 2 unreadable.',
      ) as unknown as Argv<VerifyArgs>,
  handler: async (argv: ArgumentsCamelCase<VerifyArgs>) => {
    const read = await readTextFileWithin(argv.file, INPUT_LIMITS.resultFileBytes).catch(
      (error: NodeJS.ErrnoException) => {
        throw new ReportUnreadableError(argv.file, error.code === 'ENOENT' ? 'no such file' : error.message, {
          cause: error,
        });
      },
    );
    if (!read.ok) {
      throw new ReportUnreadableError(
        argv.file,
        `it is ${read.size} bytes, over the limit of ${formatLimit(read.limit)} for reports and results`,
      );
    }
    const content = read.text;
    const publicKeyPem =
      argv.publicKey === undefined ? undefined : await readText(argv.publicKey, 'public key');
    const outcome = await verifyReport(content, {
      source: argv.file,
      ...(publicKeyPem === undefined ? {} : { publicKeyPem, publicKeySource: argv.publicKey }),
    });
    process.stdout.write(formatVerifyOutcome(argv.file, outcome));
    argv.setExitCode(outcome.unchanged ? 0 : 1);
  },
};

interface RenderArgs extends CommandArgs {
  readonly result: string;
  readonly out: string;
  readonly signKey?: string;
}

/** `--out` and `--sign-key`, shared by render and summary. */
function outputOptions(outDescription: string, signed: string) {
  return {
    out: { type: 'string', default: DEFAULT_REPORT_DIR, describe: outDescription },
    'sign-key': { type: 'string', describe: `Ed25519 private key (PEM) to sign ${signed} with` },
  } as const;
}

async function signKeyOption(
  path: string | undefined,
): Promise<{ signKeyPem?: string; signKeySource?: string }> {
  if (path === undefined) return {};
  return { signKeyPem: await readText(path, 'signing key'), signKeySource: path };
}

const render: CommandModule<object, RenderArgs> = {
  command: 'render <result>',
  describe: 'Write report.html, result.json and junit.xml for a result.json',
  builder: (yargs) =>
    yargs
      .positional('result', {
        type: 'string',
        demandOption: true,
        describe: 'result.json written by fleetcert certify',
      })
      .options(outputOptions('directory to write the reports into', 'the result'))
      .example('$0 report render out/result.json', 'Reports into fleetcert-report/')
      .example(
        '$0 report render out/result.json --out site --sign-key lab.pem',
        'Signed reports into site/ (check them with report verify)',
      )
      .epilogue(
        'Exit codes: 0 written, 2 the result cannot be read or is not a result.json.',
      ) as unknown as Argv<RenderArgs>,
  handler: async (argv: ArgumentsCamelCase<RenderArgs>) => {
    const result = await readResult(argv.result);
    const written = await writeCertificationReports(result as CertificationResult, {
      outDir: argv.out,
      source: argv.result,
      ...(await signKeyOption(argv.signKey)),
    });
    process.stdout.write(
      `Reports for ${describeVerdict(written.result)}:\n` +
        `  ${written.htmlPath}\n  ${written.jsonPath}\n  ${written.junitPath}\n` +
        `  digest sha256:${written.result.integrity?.digest}${written.result.integrity?.signature ? ' (signed)' : ''}\n`,
    );
    argv.setExitCode(0);
  },
};

interface SummaryArgs extends CommandArgs {
  readonly results: string[];
  readonly out: string;
  readonly signKey?: string;
}

const summary: CommandModule<object, SummaryArgs> = {
  command: 'summary <results..>',
  describe:
    "Write each device's reports into OUT/<device id>/ and a summary page OUT/index.html linking them",
  builder: (yargs) =>
    yargs
      .positional('results', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'result.json files',
      })
      .options(outputOptions('directory for the summary and the reports', 'each result'))
      .example(
        '$0 report summary results/*.json --out fleet-report',
        'fleet-report/index.html plus fleet-report/<device id>/ for each device',
      )
      .epilogue(
        'Exit codes: 0 written, 2 a result cannot be read, is not a result.json, or repeats a device.',
      ) as unknown as Argv<SummaryArgs>,
  handler: async (argv: ArgumentsCamelCase<SummaryArgs>) => {
    const signing = await signKeyOption(argv.signKey);
    const entries = [];
    const seen = new Map<string, string>();
    const folders = new SummaryFolders(argv.out);
    for (const path of argv.results) {
      const raw = await readResult(path);
      const subject = rawSubject(raw);
      const key = subject === undefined ? undefined : `${subject.kind} ${subject.name}`;
      if (subject !== undefined && key !== undefined && seen.has(key)) {
        throw new FleetcertError(
          'FLEETCERT_USAGE',
          `${path} and ${seen.get(key)} are both results for ${key}; a summary lists each ${subject.kind} once. Pass one result per ${subject.kind}.`,
        );
      }
      const folder =
        subject === undefined ? 'device' : subject.kind === 'hub' ? `hub-${subject.name}` : subject.name;
      const written = await writeCertificationReports(raw as CertificationResult, {
        outDir: folders.folderFor(folder),
        source: path,
        ...signing,
      });
      const { subject: done } = written.result;
      seen.set(`${done.kind} ${done.kind === 'device' ? done.id : done.target}`, path);
      entries.push({ result: written.result, htmlPath: written.htmlPath });
    }
    const index = await writeSummaryReport(entries, argv.out);
    const certified = entries.filter((e) => e.result.verdict === 'certified').length;
    const hubs = entries.filter((e) => e.result.subject.kind === 'hub').length;
    const what =
      hubs === 0 ? `${entries.length} devices` : `${hubs} hub(s) and ${entries.length - hubs} device(s)`;
    process.stdout.write(`Summary of ${what} (${certified} certified): ${index}\n`);
    argv.setExitCode(0);
  },
};

export const reportCommand: CommandModule<object, CommandArgs> = {
  command: 'report <command>',
  describe: 'Render certification reports (HTML, JSON, JUnit), a multi-device summary, and verify them',
  builder: (yargs) =>
    yargs
      .command(render as unknown as CommandModule)
      .command(summary as unknown as CommandModule)
      .command(verify as unknown as CommandModule)
      .command(reportSchemaCommand as unknown as CommandModule)
      .demandCommand(
        1,
        'Name a report command: render, summary, verify or schema.',
      ) as unknown as Argv<CommandArgs>,
  handler: () => {},
};

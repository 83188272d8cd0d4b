/**
 * `verifyReport`: was a report (result.json or report.html) changed after it was written?
 * JSON: the content must hash to its digest (and the signature hold). HTML: the embedded
 * result must, and the page must be byte for byte the page that result renders to, so no
 * visible verdict, count, row or digest can be edited on its own.
 */

import type { KeyObject } from 'node:crypto';
import { boundedJsonProblemText, INPUT_LIMITS, MAX_FILE_DEPTH, parseBoundedJson } from '../../src/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import { ReportUnreadableError } from '../errors.js';
import { buildReportModel } from '../model/build-report-model.js';
import { renderReportHtml } from '../render/html.js';
import { type ReportTemplates, reportTemplates } from '../render/templates.js';
import { certificationResultProblems } from '../result/parse-result.js';
import { isV1Result, upgradeResult } from '../result/upgrade-result.js';
import { describeFirstDifference } from './page-diff.js';
import { checkSealed, type SignatureStatus } from './sealed-check.js';
import { publicKeyFromPem } from './signature.js';

export interface VerifyOptions {
  /** Ed25519 public key (PEM) the report must be signed with. */
  readonly publicKeyPem?: string;
  readonly publicKeySource?: string;
  /** Names the file in messages. */
  readonly source?: string;
  /** Templates to re-render HTML with; default the shipped ones. */
  readonly templates?: ReportTemplates;
}

export interface VerifyOutcome {
  /** `trace`: a trace file (traces/RULE.trace.json), sealed like a result. */
  readonly kind: 'html' | 'json' | 'trace';
  readonly unchanged: boolean;
  /** What was changed, one sentence each; empty when unchanged. */
  readonly problems: readonly string[];
  /** The digest the report carries, when it carries one. */
  readonly digest: string | null;
  readonly signature: SignatureStatus;
  readonly keyFingerprint: string | null;
  /** The result, when it is intact (a /1 device result read as /2). */
  readonly result: CertificationResult | null;
  /** For a trace file: the rule and model it was recorded for. */
  readonly trace?: { readonly rule: string; readonly modelId: string; readonly modelSha256: string };
}

const RESULT_BLOCK = /<script type="application\/json" id="fleetcert-result">([\s\S]*?)<\/script>/;
const TEMPLATE_META = /<meta name="fleetcert-template" content="([^"]*)">/;
const DIGEST_META = /<meta name="fleetcert-digest" content="([^"]*)">/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Bounded (src/bounded-json.ts): a result nested 100,000 deep overflowed the digest's recursion. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const read = parseBoundedJson(text, { maxBytes: INPUT_LIMITS.resultFileBytes, maxDepth: MAX_FILE_DEPTH });
  return read.ok ? read : { ok: false, error: boundedJsonProblemText(read, 'the result') };
}

function outcome(
  kind: 'html' | 'json' | 'trace',
  problems: string[],
  seal: Omit<VerifyOutcome, 'kind' | 'unchanged' | 'problems' | 'result'> | null,
  value: unknown,
): VerifyOutcome {
  const unchanged = problems.length === 0;
  return {
    kind,
    unchanged,
    problems,
    digest: seal?.digest ?? null,
    signature: seal?.signature ?? 'none',
    keyFingerprint: seal?.keyFingerprint ?? null,
    result: unchanged ? (upgradeResult(value) as CertificationResult) : null,
  };
}

function verifyJson(text: string, source: string, key: KeyObject | undefined): VerifyOutcome {
  const parsed = parseJson(text);
  if (!parsed.ok) return outcome('json', [`it is not valid JSON any more (${parsed.error})`], null, null);
  const { value } = parsed;
  if (isRecord(value) && typeof value.schema === 'string' && value.schema.startsWith('fleetcert.trace/')) {
    const seal = checkSealed(value, key);
    const model = isRecord(value.model) ? value.model : {};
    return {
      ...outcome('trace', seal.problems, seal, null),
      trace: { rule: String(value.rule), modelId: String(model.id), modelSha256: String(model.sha256) },
    };
  }
  const looksLikeResult =
    isRecord(value) &&
    ((typeof value.schema === 'string' && value.schema.startsWith('fleetcert')) || 'integrity' in value);
  if (!looksLikeResult)
    throw new ReportUnreadableError(source, 'it is JSON, but not a fleetcert certification result');
  const seal = checkSealed(value, key);
  return outcome('json', seal.problems, seal, value);
}

async function verifyHtml(
  html: string,
  source: string,
  key: KeyObject | undefined,
  templates: ReportTemplates,
): Promise<VerifyOutcome> {
  const block = RESULT_BLOCK.exec(html);
  if (!block) {
    if (!/fleetcert/.test(html))
      throw new ReportUnreadableError(source, 'it is HTML, but not a fleetcert report');
    return outcome(
      'html',
      ['its embedded result (<script id="fleetcert-result">) is missing or damaged'],
      null,
      null,
    );
  }
  const parsed = parseJson(block[1]!);
  if (!parsed.ok)
    return outcome('html', [`its embedded result is not valid JSON any more (${parsed.error})`], null, null);
  const { value } = parsed;
  if (!isRecord(value))
    return outcome('html', ['its embedded result is not a JSON object any more'], null, null);
  const seal = checkSealed(value, key);
  const problems = [...seal.problems];
  const metaDigest = DIGEST_META.exec(html)?.[1];
  const embeddedDigest = isRecord(value.integrity) ? value.integrity.digest : undefined;
  if (metaDigest !== undefined && metaDigest !== `sha256:${String(embeddedDigest)}`) {
    problems.push(
      `the digest in the page head (${metaDigest}) is not the embedded result's (sha256:${String(embeddedDigest)})`,
    );
  }
  const fingerprint = TEMPLATE_META.exec(html)?.[1];
  const shapeProblems = certificationResultProblems(value);
  if (fingerprint !== templates.chrome.fingerprint) {
    problems.push(
      `it names report template ${JSON.stringify(fingerprint ?? null)}, but this fleetcert renders with ${templates.chrome.fingerprint}, so its visible page cannot be compared with its result; verify it with the fleetcert version that wrote it, or check its result.json`,
    );
  } else if (isV1Result(value)) {
    problems.push(
      'its embedded result is of schema fleetcert.certification-result/1, which this fleetcert does not render into pages; verify its result.json instead',
    );
  } else if (shapeProblems.length > 0) {
    problems.push(`its embedded result is not a certification result any more (${shapeProblems[0]})`);
  } else {
    const result = value as unknown as CertificationResult;
    const expected = renderReportHtml(buildReportModel(result), result, templates);
    if (expected !== html) problems.push(describeFirstDifference(expected, html));
  }
  return outcome('html', problems, seal, value);
}

export async function verifyReport(fileContent: string, options: VerifyOptions = {}): Promise<VerifyOutcome> {
  const source = options.source ?? 'the report';
  const key =
    options.publicKeyPem === undefined
      ? undefined
      : publicKeyFromPem(options.publicKeyPem, options.publicKeySource ?? 'the public key');
  const text = fileContent.replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '{') return verifyJson(text, source, key);
  if (start === '<') return verifyHtml(text, source, key, options.templates ?? (await reportTemplates()));
  throw new ReportUnreadableError(source, text.trim() === '' ? 'it is empty' : 'it is neither JSON nor HTML');
}

/**
 * A TLS failure (section 9, EDP-TLS-4 of a device that does not check the host name) in every
 * place a partner reads it: result.json's summary, stdout's failure lines, JUnit and the HTML
 * report. It is judged at the socket, before any EDP message: the summary says what was
 * presented, what the device did and the fix; no model-suite "setup alone" text, no empty
 * message chart, no blank replay path.
 */
import { describe, expect, it } from 'vitest';
import { failureLines } from '../../cli/commands/certify-progress.js';
import { requirementsFor } from '../../conformance/catalogue/index.js';
import { requirementResult } from '../../conformance/certify/build-result.js';
import { tlsRuleVerdict } from '../../conformance/certify/tls-suite.js';
import { judgeTls } from '../../conformance/tls/judge-tls.js';
import type { TlsAttempt } from '../../conformance/tls/tls-observation.js';
import { TLS_PRESENTATIONS } from '../../conformance/tls/tls-presentations.js';
import { buildReportModel, renderJunitXml, renderReportHtml, sealResult } from '../../reports/index.js';
import { reportTemplates } from '../../reports/render/templates.js';
import type { CertificationResult, RuleVerdict } from '../../src/result/index.js';
import { loadResultFixture } from '../support/reports/fixtures.js';

const DEVICE = 'bulb-0001';

/** EDP-TLS-4 failed as the judge words it: every certificate checked but the host name. */
function hostNameNotChecked(): RuleVerdict {
  const attempts: TlsAttempt[] = TLS_PRESENTATIONS.map((p, i) => {
    const at = i * 100;
    return p.rule === 'EDP-TLS-4' || p.expect === 'accept'
      ? {
          presented: p.kind,
          at,
          endedAt: at + 5,
          handshake: 'completed',
          protocol: 'TLSv1.3',
          connect: { clientId: DEVICE },
        }
      : { presented: p.kind, at, endedAt: at + 5, handshake: 'failed', detail: 'alert bad certificate' };
  });
  const outcome = judgeTls({ deviceId: DEVICE, attempts, plain: [], durationMs: 900 }).find(
    (o) => o.rule === 'EDP-TLS-4',
  )!;
  const rule = requirementsFor('device').find((r) => r.id === 'EDP-TLS-4')!;
  return requirementResult(rule, tlsRuleVerdict(outcome, 900), { seed: 1 }, 'listen');
}

async function withTlsFailure(): Promise<CertificationResult> {
  const passing = await loadResultFixture('passing');
  const row = hostNameNotChecked();
  const requirements = passing.requirements.some((r) => r.rule === 'EDP-TLS-4')
    ? passing.requirements.map((r) => (r.rule === 'EDP-TLS-4' ? row : r))
    : [...passing.requirements, row];
  const failed = requirements.filter((r) => r.verdict === 'failed').length;
  return {
    ...passing,
    verdict: 'not-certified',
    requirements,
    counts: { ...passing.counts, failed, passed: requirements.filter((r) => r.verdict === 'passed').length },
  } as CertificationResult;
}

const EXPECTED_START =
  'Expected the device to refuse a certificate for another host name (presented: a certificate from the trusted CA for another host name); it completed the handshake (TLSv1.3) and sent CONNECT as "bulb-0001". Fix: verify the host name (EDP-TLS-4; e.g. Python ssl: check_hostname=True';

describe('a TLS failure in the result, stdout, JUnit and the HTML report', () => {
  it('result.json: the summary reads right, with no commands, no messages and no path', () => {
    const row = hostNameNotChecked();
    if (row.verdict !== 'failed') throw new Error('EDP-TLS-4 should have failed');
    expect(row.counterexample.summary.startsWith(EXPECTED_START)).toBe(true);
    expect(row.counterexample.summary).not.toMatch(/\bgave\b|other-name|to refuse other/);
    expect(row.counterexample).toMatchObject({ commands: [], trace: [] });
    expect(row.replay).toMatchObject({ path: '', command: 'fleetcert certify --only EDP-TLS-4' });
  });

  it('stdout and JUnit: the summary and the replay, no model-suite counterexample text, no "path "', async () => {
    const result = await withTlsFailure();
    const stdout = failureLines(result).join('\n');
    expect(stdout).toContain(`EDP-TLS-4: ${EXPECTED_START}`);
    expect(stdout).not.toMatch(/setup alone|minimal counterexample/);
    expect(stdout).toContain('replay: fleetcert certify --only EDP-TLS-4');
    const junit = renderJunitXml(result);
    const failure = /<failure[^>]*type="EDP-TLS-4"[^>]*>([\s\S]*?)<\/failure>/.exec(junit)?.[1] ?? '';
    expect(failure).toContain('Expected the device to refuse a certificate for another host name');
    expect(failure).not.toMatch(/setup alone|Minimal command sequence|Messages:|path \)/);
    expect(failure).toContain('(seed 1):');
  });

  it('HTML: no message chart, no command box, no blank path; the summary with the fix', async () => {
    const result = sealResult(await withTlsFailure());
    const model = buildReportModel(result);
    const row = model.groups.flatMap((g) => g.rows).find((r) => r.rule === 'EDP-TLS-4')!;
    expect(row.failure).toMatchObject({ exchange: false, noCommandsText: null, path: null });
    const html = renderReportHtml(model, result, await reportTemplates());
    const details = /<details class="[^"]*" id="rule-edp-tls-4"[\s\S]*?<\/details>/.exec(html)?.[0] ?? '';
    expect(details).toContain('Expected the device to refuse a certificate for another host name');
    expect(details).toMatch(/check_hostname(=|&#x3D;)True/);
    expect(details).not.toMatch(/Message sequence|class="msc|setup alone|cx__commands|· path/);
    expect(details).toContain('fleetcert');
  });
});

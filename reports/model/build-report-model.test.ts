import { describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { loadResultFixture } from '../../test/support/reports/fixtures.js';
import { buildReportModel } from './build-report-model.js';

const rulesOf = (model: ReturnType<typeof buildReportModel>) =>
  model.groups.flatMap((g) => g.rows.map((r) => r.rule));

describe('buildReportModel', () => {
  it('leads a passing report with a certified banner and the counts', async () => {
    const model = buildReportModel(await loadResultFixture('passing'));
    expect(model.verdict).toMatchObject({
      certified: true,
      label: 'Certified',
      className: 'verdict verdict--pass',
    });
    expect(model.verdict.headline).toBe('All 18 requirements of EDP/1 that apply to this device passed.');
    expect(model.counts).toEqual({ passed: 18, failed: 0, notRun: 3, total: 21 });
    expect(model.stats.map((s) => [s.label, s.value, s.note])).toEqual([
      ['Passed', '18', null],
      ['Failed', '0', null],
      ['Not run', '3', '3 not applicable to MQTT'],
      ['Duration', '14.9 s', null],
      ['Requests', '1,412', null],
    ]);
    expect(model.stats[2]?.className).toBe('stat');
    expect(model.failures).toEqual([]);
  });

  it('names the failed rules in the banner of a failing report (EDP-PROP-4, EDP-NOTIFY-2)', async () => {
    const model = buildReportModel(await loadResultFixture('failing'));
    expect(model.verdict).toMatchObject({
      certified: false,
      label: 'Not certified',
      className: 'verdict verdict--fail',
    });
    expect(model.verdict.headline).toBe(
      "2 of 18 requirements failed: EDP-PROP-4 and EDP-NOTIFY-2. 3 requirements could not run; each one's row below says why. Checked in --broker mode; EDP-MQTT-1..3 need --listen.",
    );
    expect(model.stats[2]).toMatchObject({
      value: '6',
      note: '3 not applicable to MQTT, 3 could not run',
      className: 'stat stat--skip',
    });
    expect(model.failures.map((f) => [f.rule, f.anchor])).toEqual([
      ['EDP-PROP-4', 'rule-edp-prop-4'],
      ['EDP-NOTIFY-2', 'rule-edp-notify-2'],
    ]);
  });

  it('names a failure that follows from another in the banner, as stdout counts it (partner 3)', async () => {
    const result = await loadResultFixture('failing');
    const model = buildReportModel({
      ...result,
      requirements: result.requirements.map((r) =>
        r.rule === 'EDP-NOTIFY-2' && r.verdict === 'failed'
          ? { ...r, consequenceOf: 'EDP-PROP-4' as const }
          : r,
      ),
    });
    expect(model.verdict.headline).toMatch(
      /^2 of 18 requirements failed: EDP-PROP-4 and EDP-NOTIFY-2 \(EDP-NOTIFY-2 as a consequence of EDP-PROP-4\)\. /,
    );
  });

  it('lists requirements in protocol order whatever order the result gives them in', async () => {
    const result = await loadResultFixture('failing');
    const shuffled: CertificationResult = { ...result, requirements: [...result.requirements].reverse() };
    const model = buildReportModel(shuffled);
    expect(rulesOf(model)).toEqual(rulesOf(buildReportModel(result)));
    expect(rulesOf(model).slice(0, 7)).toEqual([
      'EDP-RPC-1',
      'EDP-RPC-2',
      'EDP-RPC-3',
      'EDP-RPC-4',
      'EDP-RPC-5',
      'EDP-RPC-6',
      'EDP-PROP-1',
    ]);
    expect(model.groups.map((g) => g.title)).toEqual([
      'Requests and responses · EDP-RPC',
      'Properties · EDP-PROP',
      'Actions · EDP-ACT',
      'Notifications · EDP-NOTIFY',
      'MQTT binding · EDP-MQTT',
      'WebSocket binding · EDP-WS',
    ]);
    expect(model.groups.map((g) => g.summary)).toEqual([
      '6 passed',
      '3 passed · 1 failed',
      '2 passed',
      '2 passed · 1 failed',
      '3 not run',
      '3 not applicable',
    ]);
  });

  it('gives a failed requirement its sequence chart, commands and replay command', async () => {
    const model = buildReportModel(await loadResultFixture('failing'));
    const row = model.groups.flatMap((g) => g.rows).find((r) => r.rule === 'EDP-PROP-4')!;
    expect(row.badge).toEqual({ label: 'Failed', className: 'badge badge--fail' });
    expect(row.open).toBe(true);
    const failure = row.failure!;
    expect(failure.replayCommand).toContain('--replay 36:1:0 --only EDP-PROP-4');
    expect(failure.commands.map((c) => c.text)).toEqual([
      'get_properties [light.brightness (2.2)]',
      'set_properties [light.brightness (2.2) = 101]',
      'get_properties [light.brightness (2.2)]',
    ]);
    const [note, first, , , , wrong] = failure.sequence;
    expect(note).toMatchObject({
      step: 1,
      offset: '+0.0 ms',
      direction: '',
      title: 'note',
      channel: '',
      text: 'command: get_properties [light.brightness (2.2)]',
      className: 'msc-row msc-row--note',
    });
    expect(first).toMatchObject({
      step: 2,
      offset: '+0.3 ms',
      absolute: 't = 6,012.4 ms',
      direction: 'harness → device',
      title: 'get_properties #1843021997',
      channel: 'edp/1/bulb-0002/rpc',
      flagged: false,
      className: 'msc-row msc-row--sent',
    });
    expect(failure.replayWords.map((w) => w.text).join(' ')).toBe(failure.replayCommand);
    expect(failure.replayWords.at(-1)?.space).toBe(false);
    expect(wrong).toMatchObject({
      step: 6,
      offset: '+8.9 ms',
      direction: 'device → harness',
      title: 'result #1843021998',
      text: '{"id": 1843021998, "result": [{"siid": 2, "piid": 2, "code": 0}]}',
      flagged: true,
      expected: 'code -4005 (invalid value: 101 is outside 1..100)',
      observed: 'code 0 (write accepted)',
      className: 'msc-row msc-row--received msc-row--flagged',
    });
  });

  it('shows why a requirement did not run, without runs or time', async () => {
    const rows = buildReportModel(await loadResultFixture('failing')).groups.flatMap((g) => g.rows);
    const mqtt2 = rows.find((r) => r.rule === 'EDP-MQTT-2')!;
    expect(mqtt2.badge).toEqual({ label: 'Not run', className: 'badge badge--skip' });
    expect(mqtt2.notRun).toEqual({
      label: 'Not run:',
      reason: [{ text: "cutting the device's connection needs broker control (use --listen)", code: false }],
    });
    expect([mqtt2.runs, mqtt2.duration, mqtt2.failure]).toEqual(['—', '—', null]);
  });

  it('marks rules of another binding as not applicable (EDP-WS-* on an MQTT device)', async () => {
    const rows = buildReportModel(await loadResultFixture('failing')).groups.flatMap((g) => g.rows);
    const ws2 = rows.find((r) => r.rule === 'EDP-WS-2')!;
    expect(ws2.badge).toEqual({ label: 'Not applicable', className: 'badge badge--na' });
    expect(ws2.className).toBe('req req--not-applicable');
    expect(ws2.notRun?.label).toBe('Does not apply:');
    expect(ws2.bindings).toBe('Applies to WebSocket');
    expect(ws2.statementParts).toEqual([
      { text: 'The first message on every new connection is ', code: false },
      { text: 'hello', code: true },
      { text: ', with the device id, the model id and the firmware version.', code: false },
    ]);
  });

  it('closes failed requirements by default when there are many, so the page stays scannable', async () => {
    const result = await loadResultFixture('failing');
    const failed = result.requirements.find((r) => r.verdict === 'failed')!;
    const many: CertificationResult = {
      ...result,
      requirements: result.requirements.map((r) =>
        r.verdict === 'passed' ? { ...failed, rule: r.rule } : r,
      ),
    };
    const rows = buildReportModel(many).groups.flatMap((g) => g.rows);
    expect(rows.filter((r) => r.failure).every((r) => !r.open)).toBe(true);
  });

  it('says when deadlines were extended or the run was partial', async () => {
    const result = await loadResultFixture('passing');
    const model = buildReportModel({
      ...result,
      settings: {
        ...result.settings,
        responseDeadlineMs: 5000,
        deadlinesExtended: true,
        only: ['EDP-PROP-3'],
      },
    });
    expect(model.notices).toEqual([
      'Deadlines were made longer than the protocol defaults (docs/protocol.md, section 7): response 5,000 ms, notification 1,000 ms.',
      'Partial run: only EDP-PROP-3 was checked (--only). A partial run is never a certificate.',
    ]);
    expect(model.facts.find((f) => f.label === 'Deadlines')?.note).toBe(
      'extended beyond the protocol defaults',
    );
  });

  it('says when firmware was not reported and when the result is unsealed', async () => {
    const passing = await loadResultFixture('passing');
    if (passing.subject.kind !== 'device') throw new Error('the passing fixture is a device result');
    const { firmware: _firmware, ...subject } = passing.subject;
    const model = buildReportModel({ ...passing, subject });
    expect(model.facts.find((f) => f.label === 'Firmware')).toMatchObject({
      value: 'not reported',
      mono: false,
    });
    expect(model.integrity).toBeNull();
    expect(model.masthead.code).toBeNull();
  });

  it('heads a --only or --replay run "Partial run", never "Certified", naming the rules selected (issue 11)', async () => {
    const result = await loadResultFixture('passing');
    const partial = {
      ...result,
      verdict: 'partial' as const,
      settings: { ...result.settings, only: ['EDP-PROP-4'] },
      requirements: result.requirements.map((r) =>
        r.rule === 'EDP-PROP-4'
          ? r
          : { ...r, verdict: 'not-run' as const, reason: 'not selected (--only)', runs: 0, durationMs: 0 },
      ),
    };
    const model = buildReportModel(partial);
    expect(model.verdict).toMatchObject({
      certified: false,
      label: 'Partial run · not a certificate',
      className: 'verdict verdict--partial',
    });
    expect(model.verdict.headline).toBe(
      'Only EDP-PROP-4 was checked (--only), and it passed. Certify without --only and --replay for a verdict on every requirement.',
    );
    expect(model.verdict.headline).not.toContain('could not run');
  });

  it('heads a failing --only run "Not certified", as result.json, JUnit and stdout do, counting only the rules checked', async () => {
    const result = await loadResultFixture('failing');
    const failedRule = result.requirements.find((r) => r.verdict === 'failed')!.rule;
    const partner = result.requirements.find((r) => r.verdict === 'passed')!.rule;
    const failingPartial = {
      ...result,
      verdict: 'not-certified' as const,
      settings: { ...result.settings, only: [failedRule, partner] },
      requirements: result.requirements.map((r) =>
        r.rule === failedRule || r.rule === partner
          ? r
          : { ...r, verdict: 'not-run' as const, reason: 'not selected (--only)', runs: 0, durationMs: 0 },
      ),
    };
    const model = buildReportModel(failingPartial);
    expect(model.verdict).toMatchObject({ certified: false, label: 'Not certified', tone: 'fail' });
    expect(model.verdict.headline).toBe(`1 of the 2 requirements checked (--only) failed: ${failedRule}.`);
    expect(model.notices).toContain(
      `Not certified, in a run of some rules: only ${failedRule} and ${partner} were checked (--only). Had they all passed, it would have been a partial run, never a certificate.`,
    );
    expect(model.notices.join(' ')).not.toMatch(/^Partial run/m);
  });

  it('shows a passed rule’s note on its row (issue 11)', async () => {
    const result = await loadResultFixture('passing');
    const noted = {
      ...result,
      requirements: result.requirements.map((r) =>
        r.rule === 'EDP-MQTT-1' ? { ...r, notes: ['graceful shutdown was not observed'] } : r,
      ),
    };
    const row = buildReportModel(noted)
      .groups.flatMap((g) => g.rows)
      .find((r) => r.rule === 'EDP-MQTT-1');
    expect(row?.notes.map((parts) => parts.map((p) => p.text).join(''))).toEqual([
      'graceful shutdown was not observed',
    ]);
  });

  it('lists failures that follow from another first, and labels a failure that did not reproduce (issue 11)', async () => {
    const result = await loadResultFixture('failing');
    const failed = result.requirements.filter((r) => r.verdict === 'failed');
    const [first] = failed;
    if (first?.verdict !== 'failed') throw new Error('fixture has a failure');
    const requirements = result.requirements.map((r) =>
      r.rule === 'EDP-NOTIFY-2'
        ? { ...first, rule: r.rule, statement: r.statement, consequenceOf: 'EDP-PROP-4' }
        : r.rule === 'EDP-PROP-4'
          ? { ...first, rule: r.rule, statement: r.statement, reproduced: false }
          : r,
    );
    const model = buildReportModel({ ...result, requirements });
    const rules = model.failures.map((f) => f.rule);
    expect(rules.indexOf('EDP-NOTIFY-2')).toBe(rules.length - 1);
    const rows = model.groups.flatMap((g) => g.rows);
    expect(rows.find((r) => r.rule === 'EDP-NOTIFY-2')?.failure?.replayLabel).toBe(
      'Replay EDP-PROP-4, which this follows from',
    );
    expect(rows.find((r) => r.rule === 'EDP-PROP-4')?.failure?.replayLabel).toBe(
      'Seen, not reproduced: this replay passed against the same device',
    );
  });

  it('labels a hub failure that did not reproduce as passed against the same hub', async () => {
    const result = await loadResultFixture('hub-failing');
    const requirements = result.requirements.map((r) =>
      r.verdict === 'failed' && r.rule === 'EDP-HUB-3' ? { ...r, reproduced: false } : r,
    );
    const rows = buildReportModel({ ...result, requirements }).groups.flatMap((g) => g.rows);
    expect(rows.find((r) => r.rule === 'EDP-HUB-3')?.failure?.replayLabel).toBe(
      'Seen, not reproduced: this replay passed against the same hub',
    );
  });
});

/** What certify prints while it runs and when it ends: exact wording (issue 11). */
import { describe, expect, it } from 'vitest';
import { loadResultFixture } from '../../test/support/reports/fixtures.js';
import { failureLines, progressLine, summaryText } from './certify-progress.js';

describe('certify progress and summary', () => {
  it('redraws one line in place on a terminal while the model-based suite runs', () => {
    const line = progressLine({ kind: 'run', runs: 37, budget: 100, requests: 612 }, true);
    expect(line.startsWith('\r\u001b[2K')).toBe(true);
    expect(line).toContain('model-based suite: run 37 of 100, 612 requests');
    expect(line.endsWith('\n')).toBe(false);
    expect(progressLine({ kind: 'run', runs: 130, budget: 100, requests: 2000 }, false)).toBe(
      '  · model-based suite: run 130 of 100 (shrinking and replaying failures), 2000 requests\n',
    );
    // The next line clears the redrawn one first.
    expect(progressLine({ kind: 'phase', text: 'EDP-WS-3' }, true).startsWith('\r\u001b[2K')).toBe(true);
  });

  it('calls a --only run partial and names the rules selected; a certified run certified', async () => {
    const passing = await loadResultFixture('passing');
    expect(summaryText(passing, undefined).split('\n')[0]).toContain(': CERTIFIED — ');
    const partial = {
      ...passing,
      verdict: 'partial' as const,
      settings: { ...passing.settings, only: ['EDP-PROP-4'] },
    };
    expect(summaryText(partial, undefined).split('\n')[0]).toContain(
      ': PARTIAL (EDP-PROP-4 only; not a certificate) — ',
    );
  });

  it('a failing printed replay (--only) says plainly only its rule was checked, the others "not selected" (partner5 doc 3)', async () => {
    const failing = await loadResultFixture('failing');
    const failedRule = failing.requirements.find((r) => r.verdict === 'failed')!.rule;
    const replay = {
      ...failing,
      settings: { ...failing.settings, only: [failedRule], replay: '1:0' },
      requirements: failing.requirements.map((r) =>
        r.rule === failedRule
          ? r
          : { ...r, verdict: 'not-run' as const, reason: 'not selected (--only)', runs: 0, durationMs: 0 },
      ),
    };
    const notSelected = failing.requirements.length - 1;
    const first = summaryText(
      { ...replay, counts: { passed: 0, failed: 1, notRun: notSelected } },
      undefined,
    ).split('\n')[0];
    expect(first).toContain(
      `: NOT CERTIFIED (${failedRule} only checked; not a full certification) — 0 passed, 1 failed, ${notSelected} not selected`,
    );
    expect(first).not.toContain('not run');
  });

  it('counts a consequence as one, and names it so; a --broker verdict says what the mode could not check (partner 3)', async () => {
    const failing = await loadResultFixture('failing');
    const withConsequence = {
      ...failing,
      requirements: failing.requirements.map((r) =>
        r.rule === 'EDP-NOTIFY-2' && r.verdict === 'failed'
          ? { ...r, consequenceOf: 'EDP-PROP-4' as const }
          : r,
      ),
    };
    const first = summaryText(withConsequence, undefined).split('\n')[0];
    expect(first).toContain(
      ': NOT CERTIFIED in --broker mode; EDP-MQTT-1..3 need --listen — 13 passed, 2 failed (EDP-NOTIFY-2 as a consequence of EDP-PROP-4), 6 not run',
    );
    // Without a consequence the count stands alone; a run whose mode left nothing out says no mode.
    expect(summaryText(failing, undefined).split('\n')[0]).toMatch(/— 13 passed, 2 failed, 6 not run$/);
    const passing = await loadResultFixture('passing');
    expect(summaryText(passing, undefined).split('\n')[0]).not.toContain(' mode;');
  });

  it('names the broker setting when round trips cluster at the delayed-ACK time', async () => {
    const passing = await loadResultFixture('passing');
    const slow = { ...passing, advice: ['round trips cluster… Mosquitto: `set_tcp_nodelay true`'] };
    expect(summaryText(slow, undefined)).toContain(
      'note: round trips cluster… Mosquitto: `set_tcp_nodelay true`',
    );
  });

  it('says what a counterexample of the setup alone means and what replays it, never a bare "(setup alone)"', async () => {
    const failing = await loadResultFixture('failing');
    const setupAlone = {
      ...failing,
      requirements: failing.requirements.map((r) =>
        r.verdict === 'failed' ? { ...r, counterexample: { ...r.counterexample, commands: [] } } : r,
      ),
    };
    const lines = failureLines(setupAlone);
    const what = lines.filter((line) => line.startsWith('    minimal counterexample: '));
    expect(what).toHaveLength(2);
    for (const line of what) {
      expect(line).toBe(
        '    minimal counterexample: none: the run’s setup alone shows it (what fleetcert sends before its first generated command: the reads and writes that give every run the same start); the replay below reruns that setup',
      );
    }
    expect(lines.filter((line) => line.startsWith('    replay: ')).every((line) => line.length > 14)).toBe(
      true,
    );
  });
});

/**
 * `npm start` is the first thing a newcomer runs: it must certify the three reference simulators
 * end to end (bulb and purifier over MQTT with the full suite, the TV over WebSocket), write a
 * sealed report per device plus a summary page, say where they are, and exit 0.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyReport } from '../../reports/index.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';

describe('fleetcert start (the npm start demo)', () => {
  let outDir = '';
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('certifies bulb, purifier, tv and the reference hub, writes verifiable reports and a summary of four, exit 0', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'fleetcert-start-'));
    const demo = spawnFleetcert(['start', '--runs', '30', '--seed', '7', '--out', outDir]);
    const { code } = await demo.exited;
    const stdout = demo.stdout();
    expect(code, `stdout:\n${stdout}\nstderr:\n${demo.stderr()}`).toBe(0);
    for (const [id, model] of [
      ['bulb-0001', 'fleetcert.bulb.v1'],
      ['purifier-0001', 'fleetcert.purifier.v1'],
      ['tv-0001', 'fleetcert.tv.v1'],
    ] as const) {
      expect(stdout).toMatch(
        new RegExp(`CERTIFIED +${id} +${model.replace(/\./g, '\\.')} +\\d+ passed, 0 failed`),
      );
      const html = await readFile(join(outDir, id, 'report.html'), 'utf8');
      expect((await verifyReport(html)).problems).toEqual([]);
      const result = JSON.parse(await readFile(join(outDir, id, 'result.json'), 'utf8'));
      expect(result.seed).toBe(7);
      expect(result.verdict).toBe('certified');
      // MQTT devices are certified against the embedded broker: the presence, will, reconnect
      // and ACL checks run rather than being skipped.
      const mqttRules = result.requirements.filter((r: { rule: string }) => r.rule.startsWith('EDP-MQTT-'));
      const expected = id === 'tv-0001' ? 'not-run' : 'passed';
      expect(mqttRules.map((r: { verdict: string }) => r.verdict)).toEqual([expected, expected, expected]);
    }
    expect(stdout).toContain(`Summary report: ${join(outDir, 'index.html')}`);
    const summary = await readFile(join(outDir, 'index.html'), 'utf8');
    // Four certificates: the three devices and the reference hub with its fleet.
    expect(stdout).toMatch(/CERTIFIED +reference-hub +hub +\d+ passed, 0 failed/);
    const hubHtml = await readFile(join(outDir, 'reference-hub', 'report.html'), 'utf8');
    expect((await verifyReport(hubHtml)).problems).toEqual([]);
    const hub = JSON.parse(await readFile(join(outDir, 'reference-hub', 'result.json'), 'utf8'));
    expect(hub.subject.kind).toBe('hub');
    expect(hub.verdict).toBe('certified');
    for (const id of ['bulb-0001', 'purifier-0001', 'tv-0001', 'reference-hub'])
      expect(summary).toContain(`${id}/report.html`);
  }, 150_000);
});

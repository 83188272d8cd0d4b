/**
 * A device certification stopped before its end (Ctrl-C at the CLI; its AbortSignal in code)
 * loses no work, as a hub certification's does: no new check or run starts, the verdicts judged
 * so far are in the result, marked partial (never a certificate), passes say they stand for the
 * runs made, and the CLI exits 1 if a rule had failed, else 2. Real simulator, real broker.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certifySimulator } from '../support/certify-simulator.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';
import { startWsSimulator } from '../support/reference-simulator.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('a device certification stopped before its end', () => {
  it('returns what it judged, marked partial: passes note the stop, the rules it did not reach say why', async () => {
    const stop = new AbortController();
    const started = Date.now();
    // Stopped during the model-based suite (a long budget it would otherwise spend).
    const timer = setTimeout(() => stop.abort(), 6_000);
    const result = await certifySimulator({
      type: 'bulb',
      mode: 'broker',
      seed: 3,
      config: { runs: 400, timeLimitMs: 600_000, signal: stop.signal },
    });
    clearTimeout(timer);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.verdict).toBe('partial');
    expect(result.counts.failed).toBe(0);
    const stopped = result.requirements.filter(
      (r) =>
        (r.verdict === 'passed' && /interrupted/.test(r.notes?.join(' ') ?? '')) ||
        (r.verdict === 'not-run' && /not reached/.test(r.reason)),
    );
    // The model-based rules at least were cut short, and nothing was called certified.
    expect(stopped.map((r) => r.rule)).toEqual(expect.arrayContaining(['EDP-PROP-1', 'EDP-RPC-1']));
  }, 120_000);

  it('fleetcert certify: Ctrl-C writes the partial reports and exits 2 (no rule failed)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-interrupted-'));
    dirs.push(out);
    const sim = await startWsSimulator({ type: 'tv', deviceId: 'tv-0001', token: 'tv-token' });
    try {
      const cli = spawnFleetcert([
        'certify',
        '--ws',
        sim.url as string,
        '--device-id',
        'tv-0001',
        '--token',
        'tv-token',
        '--runs',
        '400',
        '--seed',
        '4',
        '--out',
        out,
        '--log-level',
        'info',
      ]);
      await cli.waitForStderr(/model-based suite/, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      cli.child.kill('SIGINT');
      const { code } = await cli.exited;
      expect(cli.stderr()).toContain('interrupted (Ctrl-C)');
      expect(code).toBe(2);
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
      expect(result.verdict).toBe('partial');
      expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('partial');
    } finally {
      await sim.stop();
    }
  }, 120_000);
});

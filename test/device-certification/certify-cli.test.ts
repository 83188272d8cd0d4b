/**
 * `fleetcert certify` through the real CLI edge: exit codes CI can trust (0 certified, 1 not
 * certified, 2 usage or setup), usage errors that name the option and the fix, reports written,
 * and a printed replay command that reproduces a failure (and passes once the bug is fixed).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { runInProcess as run } from '../support/in-process-cli.js';
import { type RunningSimulator, startWsSimulator } from '../support/reference-simulator.js';

let dir: string;

async function withTv<T>(
  faults: 'none' | 'missing-event',
  fn: (sim: RunningSimulator) => Promise<T>,
): Promise<T> {
  const sim = await startWsSimulator({
    type: 'tv',
    deviceId: 'tv-0001',
    token: 'tv-token',
    ...(faults === 'none' ? {} : { faults: [{ name: faults, rate: 1 }] }),
  });
  try {
    return await fn(sim);
  } finally {
    await sim.stop();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-certify-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fleetcert certify: usage (exit 2)', () => {
  const base = ['certify', '--device-id', 'bulb-0001', '--token', 't', '--log-level', 'silent'];
  it.each([
    [[], 'name exactly one target: --listen PORT (and/or --listen-tls PORT), --broker URL or --ws URL'],
    [['--listen', '1883', '--ws', 'ws://127.0.0.1:1/edp/1'], 'name exactly one target'],
    [
      ['--ws', 'ws://127.0.0.1:1/edp/1', '--timeout', '1000'],
      "--timeout 1000: deadlines can only be made longer than the protocol's 2000 ms",
    ],
    [
      ['--ws', 'ws://127.0.0.1:1/edp/1', '--only', 'EDP-FOO-1'],
      '--only EDP-FOO-1: not a rule fleetcert checks',
    ],
    [
      ['--ws', 'ws://127.0.0.1:1/edp/1', '--only', 'EDP-HUB-1'],
      '--only EDP-HUB-1: not a rule fleetcert checks for a device; choose from EDP-RPC-1,',
    ],
    [['--ws', 'ws://127.0.0.1:1/edp/1', '--replay', 'nonsense'], 'is not SEED:PATH[@REPLAYPATH]'],
    [['--broker', 'http://x'], 'use an mqtt://, mqtts://, ws:// or wss:// URL'],
  ])('%j', async (extra, message) => {
    const { code, stderr } = await run(...base, ...extra);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it('names the target when the device cannot be reached', async () => {
    const { code, stderr } = await run(...base, '--ws', 'ws://127.0.0.1:9/edp/1');
    expect(code).toBe(2);
    expect(stderr).toContain('could not connect to the device at ws://127.0.0.1:9/edp/1');
  });

  it('says so when a device never connects to the embedded broker', async () => {
    const { code, stderr } = await run(
      ...base,
      '--listen',
      '0',
      '--host',
      '127.0.0.1',
      '--connect-timeout',
      '300',
    );
    expect(code).toBe(2);
    expect(stderr).toContain('did not connect to the embedded broker');
  });
});

describe('fleetcert certify: verdicts', () => {
  it('certifies a conformant TV (model read with get_model), exit 0, and writes the reports', async () => {
    const out = join(dir, 'tv-ok');
    const { code, stdout } = await withTv('none', (sim) =>
      run(
        'certify',
        '--ws',
        sim.url as string,
        '--device-id',
        'tv-0001',
        '--token',
        'tv-token',
        '--runs',
        '30',
        '--seed',
        '7',
        '--out',
        out,
        '--log-level',
        'silent',
      ),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('tv-0001 (fleetcert.tv.v1): CERTIFIED');
    expect(stdout).toContain('seed 7');
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as CertificationResult;
    expect(result.verdict).toBe('certified');
    expect(result.seed).toBe(7);
    expect(result.tool.name).toBe('fleetcert');
    expect(result.integrity?.digest).toMatch(/^[0-9a-f]{64}$/);
  }, 60_000);

  it('fails a TV that never sends its events, exit 1, and the printed replay reproduces it until the bug is fixed', async () => {
    const out = join(dir, 'tv-bad');
    const model = join(process.cwd(), 'fixtures/models/tv.json');
    const first = await withTv('missing-event', (sim) =>
      run(
        'certify',
        '--ws',
        sim.url as string,
        '--device-id',
        'tv-0001',
        '--token',
        'tv-token',
        '--model',
        model,
        '--only',
        'EDP-ACT-1',
        '--out',
        out,
        '--log-level',
        'silent',
      ),
    );
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('NOT CERTIFIED');
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as CertificationResult;
    const act = result.requirements.find((r) => r.rule === 'EDP-ACT-1');
    if (act?.verdict !== 'failed') throw new Error('EDP-ACT-1 should have failed');
    const token = /--replay (\S+)/.exec(act.replay.command)?.[1] as string;
    expect(first.stdout).toContain(`--replay ${token} --only EDP-ACT-1 --out ${out}/replay-EDP-ACT-1`);
    // The printed replay writes beside the run's report (OUT/replay-RULE), never over it (partner 3).
    const replayOut = /--out (\S+)/.exec(act.replay.command)?.[1] as string;
    expect(replayOut).toBe(join(out, 'replay-EDP-ACT-1'));
    const replay = (sim: RunningSimulator) =>
      run(
        'certify',
        '--ws',
        sim.url as string,
        '--device-id',
        'tv-0001',
        '--token',
        'tv-token',
        '--model',
        model,
        '--replay',
        token,
        '--only',
        'EDP-ACT-1',
        '--out',
        replayOut,
        '--log-level',
        'silent',
      );
    expect((await withTv('missing-event', replay)).code).toBe(1);
    // Issue 11: the replay on the fixed device exits 0 but is a partial run, never a certificate.
    const fixed = await withTv('none', replay);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('PARTIAL (EDP-ACT-1 only; not a certificate)');
    const partial = JSON.parse(await readFile(join(replayOut, 'result.json'), 'utf8')) as CertificationResult;
    expect(partial.verdict).toBe('partial');
    const original = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as CertificationResult;
    expect(original.verdict).toBe('not-certified');
    expect(partial.settings.replay).toBe(token);
    const html = await readFile(join(replayOut, 'report.html'), 'utf8');
    expect(html).toContain('Partial run · not a certificate');
    expect(html).not.toMatch(/data-verdict="pass">Certified</);
    const junit = await readFile(join(replayOut, 'junit.xml'), 'utf8');
    expect(junit).toContain('<property name="verdict" value="partial"/>');
  }, 120_000);
});

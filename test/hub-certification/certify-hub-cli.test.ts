/**
 * `fleetcert certify hub` as partners and CI run it: usage errors (exit 2, the two ways to name
 * the hub shown), a hub that cannot start (exit 2 with its last lines), the reference hub
 * certified end to end (exit 0, sealed reports for a hub subject), a planted hub bug (exit 1,
 * the rule it breaks), and a hub that already runs, certified from its own configuration file.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyReport } from '../../reports/index.js';
import { startEmbeddedBroker } from '../../src/broker/index.js';
import { spawnFleetcert } from '../support/fleetcert-cli.js';
import { startHubProcess } from '../support/hub/hub-process.js';
import { runInProcess } from '../support/in-process-cli.js';
import { freePort } from '../support/ports.js';

const FAKE_HUB = fileURLToPath(new URL('../support/runs/hub/fake-hub.mjs', import.meta.url));
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-certify-hub-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function run(args: readonly string[], timeoutMs = 120_000) {
  const cli = spawnFleetcert(args);
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), timeoutMs);
  const { code } = await cli.exited;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('fleetcert certify hub: usage', () => {
  it('without the hub under test: exit 2, and the error shows both ways to name it', async () => {
    const outcome = await runInProcess('certify', 'hub');
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('--hub-command "CMD ARGS"');
    expect(outcome.stderr).toContain('--hub ws://HOST:PORT/edp/1/hub --hub-config FILE');
  });

  it.each([
    [['--hub-command', 'x', '--hub', 'ws://h:1/edp/1/hub', '--hub-config', 'f'], /one way, not both/],
    [['--hub', 'ws://127.0.0.1:1/edp/1/hub'], /--hub and --hub-config go together/],
    [['--hub', 'http://x/', '--hub-config', 'f.json'], /app endpoint, ws:\/\/HOST:PORT\/edp\/1\/hub/],
    [['--hub-command', 'my-hub | tee log'], /runs without a shell/],
    [['--hub-command', 'h', '--fleet', 'toaster=2'], /neither a reference type .* nor a model file/],
    [['--hub-command', 'h', '--fleet', 'bulb=0'], /at least 1/],
    [['--hub-command', 'h', '--only', 'EDP-PROP-1'], /not a hub rule; choose from EDP-HUB-1/],
    [['--hub-command', 'h', '--timeout', '500'], /deadline_ms .* 2000 or more/],
    [['--hub-command', 'h', '--broker', 'http://b'], /mqtt:\/\//],
    [
      ['--hub', 'ws://127.0.0.1:1/edp/1/hub', '--hub-config', '/nonexistent/hub.json'],
      /cannot read --hub-config/,
    ],
  ])('%j: exit 2 naming the problem', async (args, message) => {
    const outcome = await runInProcess('certify', 'hub', ...args);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(message);
  });

  it('--help teaches with examples', async () => {
    const help = await run(['certify', 'hub', '--help']);
    expect(help.code).toBe(0);
    const outcome = { stdout: help.stdout.replace(/\s+/g, ' ') };
    expect(outcome.stdout).toContain('Examples:');
    expect(outcome.stdout).toContain('The reference hub, 12 devices over MQTT');
    expect(outcome.stdout).toContain('A hub that already runs, started with hub.json');
    expect(outcome.stdout).toMatch(/Exit codes: 0 certified .*, 1 a rule failed, 2 bad usage or setup/);
    expect(outcome.stdout).toContain(
      'Ctrl-C, SIGTERM, SIGHUP or --run-timeout during the app sessions stops the hub',
    );
    expect(outcome.stdout).toContain(
      'removes the configuration file with its secrets, and writes the verdicts so far',
    );
    // The device options of `certify` are not this command's.
    expect(outcome.stdout).not.toContain('--device-id');
  });
});

describe('fleetcert certify hub: runs', () => {
  it('a hub that exits before READY: exit 2 with its last output lines', async () => {
    const out = await tempDir();
    const outcome = await run([
      'certify',
      'hub',
      '--hub-command',
      `"${process.execPath}" "${FAKE_HUB}" exit-early`,
      '--fleet',
      'bulb=3',
      '--out',
      out,
    ]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(
      /hub failed: the hub exited \(exit code 3\) before printing "EDP-HUB READY"/,
    );
    expect(outcome.stderr).toContain('| cannot bind: address in use');
  });

  it('certifies the reference hub with a fleet behind it (MQTT and WebSocket devices): exit 0, sealed reports for a hub', async () => {
    const out = await tempDir();
    const outcome = await run([
      'certify',
      'hub',
      '--hub-command',
      'fleetcert hub',
      '--fleet',
      'bulb=2,purifier=2,tv=1',
      '--ws-devices',
      '1',
      '--runs',
      '5',
      '--seed',
      '3',
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    expect(outcome.stderr).not.toContain('failed:');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/CERTIFIED: 5 passed, 0 failed, 0 not run \(seed 3\)/);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.subject.kind).toBe('hub');
    expect(result.subject.target).toBe('fleetcert hub');
    expect(result.subject.fleet.map((d: { deviceId: string }) => d.deviceId)).toContain('tv-0002');
    // Token names, never their secrets.
    expect(JSON.stringify(result)).not.toMatch(/"token"/);
    const verified = await verifyReport(await readFile(join(out, 'report.html'), 'utf8'));
    expect(verified.problems).toEqual([]);
  }, 180_000);

  it('Ctrl-C (SIGINT) during the app sessions: the verdicts so far are written marked partial, everything is torn down, exit 2 naming the step', async () => {
    const out = await tempDir();
    const cli = spawnFleetcert([
      'certify',
      'hub',
      '--hub-command',
      'fleetcert hub',
      '--fleet',
      'bulb=2,purifier=2,tv=1',
      '--runs',
      '1000',
      '--seed',
      '5',
      '--out',
      out,
      '--log-level',
      'info',
    ]);
    await cli.waitForStderr(/app sessions judged for/, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    cli.child.kill('SIGINT');
    const { code } = await cli.exited;
    expect(code).toBe(2);
    expect(cli.stderr()).toMatch(/interrupted during "app sessions"/);
    expect(cli.stdout()).toMatch(/PARTIAL|NOT CERTIFIED/);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.verdict).toBe(result.counts.failed > 0 ? 'not-certified' : 'partial');
    expect(
      result.requirements.every(
        (r: { verdict: string; notes?: string[]; reason?: string }) =>
          (r.verdict === 'passed' && /interrupted/.test(r.notes?.join(' ') ?? '')) ||
          (r.verdict === 'not-run' && /interrupted/.test(r.reason ?? '')),
      ),
    ).toBe(true);
    expect(await readFile(join(out, 'junit.xml'), 'utf8')).toContain('partial');
  }, 120_000);

  it('--only is never a certificate: a partial result, exit 0 when the selected rule passed', async () => {
    const out = await tempDir();
    const outcome = await run([
      'certify',
      'hub',
      '--hub-command',
      'fleetcert hub',
      '--fleet',
      'bulb=2,tv=1',
      '--runs',
      '2',
      '--seed',
      '6',
      '--only',
      'EDP-HUB-5',
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(
      /PARTIAL \(EDP-HUB-5 only; not a certificate\): 1 passed, 0 failed, 4 not selected/,
    );
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(result.verdict).toBe('partial');
    expect(result.settings.only).toEqual(['EDP-HUB-5']);
  }, 180_000);

  it('a planted hub bug fails its rule: exit 1', async () => {
    const out = await tempDir();
    const outcome = await run([
      'certify',
      'hub',
      '--hub-command',
      'fleetcert hub --fault forward-twice',
      '--fleet',
      'bulb=2,purifier=2,tv=1',
      '--runs',
      '5',
      '--seed',
      '1',
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    expect(outcome.code).toBe(1);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    const hub1 = result.requirements.find((r: { rule: string }) => r.rule === 'EDP-HUB-1');
    expect(hub1.verdict).toBe('failed');
  }, 180_000);

  it('certifies a hub that already runs from its configuration file (--hub URL --hub-config FILE)', async () => {
    const broker = await startEmbeddedBroker({ port: 0 });
    const dir = await tempDir();
    const wsPort = await freePort();
    const hubConfig = {
      mqtt: { url: broker.url, username: 'controller:hub', password: 'any' },
      ws_devices: [{ deviceId: 'tv-0002', url: `ws://127.0.0.1:${wsPort}/edp/1`, token: 'tv-secret' }],
      deadline_ms: 2000,
      apps: [
        { token: 'partner-a', devices: ['bulb-0001', 'purifier-0001', 'ghost-0001'] },
        { token: 'partner-star', devices: '*' as const },
        { token: 'partner-c', devices: ['bulb-0002', 'tv-0002', 'ghost-0002'] },
      ],
    };
    const hub = await startHubProcess(hubConfig);
    try {
      const file = join(dir, 'hub.json');
      await writeFile(file, await readFile(hub.configFile, 'utf8'));
      const out = join(dir, 'out');
      const outcome = await run([
        'certify',
        'hub',
        '--hub',
        hub.url,
        '--hub-config',
        file,
        '--fleet',
        'bulb=2,purifier=2,tv=1',
        '--runs',
        '5',
        '--seed',
        '2',
        '--out',
        out,
        '--log-level',
        'warn',
      ]);
      expect(outcome.stderr, outcome.stderr).not.toContain('failed:');
      expect(outcome.code, outcome.stderr).toBe(0);
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
      expect(result.subject.hubUrl).toBe(hub.url);
      expect(result.subject.apps.map((a: { name: string }) => a.name)).toEqual(['app-1', 'app-2', 'app-3']);
    } finally {
      await hub.stop();
      await broker.close();
    }
  }, 180_000);
});

/** Bad usage of `fleetcert load` exits 2 with a message that names the input and the fix. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveShard } from '../../cli/commands/load.js';
import { main } from '../../cli/main.js';
import { FLEETCERT_VERSION } from '../../src/package/package-root.js';
import { writeScenario } from './scenario.js';

let stderr: string;
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('fleetcert load usage', () => {
  it('a scenario with problems: exit 2, every problem with its path', async () => {
    const scenario = await writeScenario({ stages: [{ hold: 'forever' }], requests: { rate: 'lots' } });
    expect(await main(['load', scenario])).toBe(2);
    expect(stderr).toContain('$.stages[0].hold');
    expect(stderr).toContain('$.requests.rate');
    expect(stderr).toContain('LOAD_SCENARIO_INVALID');
  });

  it('a bad --threshold or --set: exit 2 naming it', async () => {
    const scenario = await writeScenario();
    expect(await main(['load', scenario, '--threshold', 'rpc.p99<soon'])).toBe(2);
    expect(stderr).toContain('bad threshold "rpc.p99<soon"');
    expect(await main(['load', scenario, '--set', 'requests.rat=5'])).toBe(2);
    expect(stderr).toContain('unknown key');
  });

  it('a missing scenario file: exit 2, for load and load k8s alike', async () => {
    expect(await main(['load', 'no/such/scenario.yaml'])).toBe(2);
    expect(stderr).toContain('cannot read scenario no/such/scenario.yaml');
    stderr = '';
    expect(await main(['load', 'k8s', 'no/such/scenario.yaml', '--shards', '2'])).toBe(2);
    expect(stderr).toContain('no/such/scenario.yaml');
  });

  it('load k8s without --image names the image the Dockerfile builds for this version', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-k8s-'));
    try {
      const args = ['load', 'k8s', 'fixtures/scenarios/smoke.yaml', '--shards', '2', '--out', out];
      expect(await main(args)).toBe(0);
      const [file] = await readdir(out);
      const manifests = await readFile(join(out, file ?? ''), 'utf8');
      expect(manifests).toContain(`image: fleetcert:${FLEETCERT_VERSION}`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('the shard comes from --shard, or from JOB_COMPLETION_INDEX with --shards', () => {
    expect(resolveShard('1/3', undefined, {})).toEqual({ index: 1, count: 3 });
    expect(resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '2' })).toEqual({ index: 2, count: 4 });
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '2' })).toBeUndefined();
    expect(() => resolveShard(undefined, 4, {})).toThrow(/JOB_COMPLETION_INDEX/);
    expect(() => resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '4' })).toThrow(/not below the count/);
    expect(() => resolveShard('x', undefined, {})).toThrow(/I\/N/);
  });

  it('a bad --metrics address, or a port in use: exit 2 naming it and the fix, before any device connects', async () => {
    const scenario = await writeScenario();
    expect(await main(['load', scenario, '--metrics', 'localhost'])).toBe(2);
    expect(stderr).toContain('--metrics "localhost" has no port; give HOST:PORT or PORT');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const address = blocker.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      stderr = '';
      expect(await main(['load', scenario, '--metrics', String(port)])).toBe(2);
      expect(stderr).toContain(`--metrics 127.0.0.1:${port}: the port is in use by another process`);
      expect(stderr).toContain('METRICS_LISTEN');
      stderr = '';
      expect(await main(['simulate', '--fleet', 'bulb=1', '--metrics', `127.0.0.1:${port}`])).toBe(2);
      expect(stderr).toContain(`--metrics 127.0.0.1:${port}: the port is in use by another process`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

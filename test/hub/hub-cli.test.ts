/** `fleetcert hub` at the command line: bad configuration and faults are exit 2 naming the problem; --help teaches. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnFleetcert } from '../support/fleetcert-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fleetcert hub', () => {
  it('exits 2 naming each problem of a bad configuration, before printing READY', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ listen: 'nowhere', apps: [{ token: '', devices: 3 }] }));
    const run = spawnFleetcert(['hub', '--config', file]);
    expect(await run.exited).toEqual({ code: 2, signal: null });
    expect(run.stderr()).toContain('$.listen: must be "HOST:PORT"');
    expect(run.stderr()).toContain('$.apps[0].token: must be a non-empty string');
    expect(run.stderr()).toContain('$.apps[0].devices');
    expect(run.stdout()).not.toContain('EDP-HUB READY');
  });

  it('exits 2 for a missing file, naming it', async () => {
    const run = spawnFleetcert(['hub', '--config', join(dir, 'missing.json')]);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('missing.json');
  });

  it('exits 2 for an unknown fault, listing the known ones', async () => {
    const file = join(dir, 'good.json');
    await writeFile(file, JSON.stringify({ listen: '127.0.0.1:0', apps: [] }));
    const run = spawnFleetcert(['hub', '--config', file, '--fault', 'forward-thrice']);
    expect((await run.exited).code).toBe(2);
    expect(run.stderr()).toContain('unknown hub fault "forward-thrice"');
    expect(run.stderr()).toContain('forward-twice');
  });

  it('names the planted faults on the READY line and exits 0 on SIGINT', async () => {
    const file = join(dir, 'ok.json');
    await writeFile(file, JSON.stringify({ listen: '127.0.0.1:0', apps: [{ token: 'a', devices: '*' }] }));
    const run = spawnFleetcert(['hub', '--config', file, '--seed', '9', '--fault', 'no-app-presence']);
    const [line] = await run.waitForStdout(/EDP-HUB READY .*\n/, 30_000);
    expect(line).toMatch(/EDP-HUB READY ws:\/\/127\.0\.0\.1:\d+\/edp\/1\/hub seed=9 faults=no-app-presence/);
    expect(await run.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('--limit sets a limit toward apps (exits 0 on SIGHUP); a bad one is exit 2 naming the known names', async () => {
    const file = join(dir, 'limits.json');
    await writeFile(file, JSON.stringify({ listen: '127.0.0.1:0', apps: [{ token: 'a', devices: '*' }] }));
    const bad = spawnFleetcert(['hub', '--config', file, '--limit', 'maxSockets=3']);
    expect((await bad.exited).code).toBe(2);
    expect(bad.stderr()).toContain('unknown hub limit "maxSockets=3"');
    expect(bad.stderr()).toContain('maxConnectionsPerToken');
    const zero = spawnFleetcert(['hub', '--config', file, '--limit', 'maxConnectionsPerToken=0']);
    expect((await zero.exited).code).toBe(2);
    const run = spawnFleetcert(['hub', '--config', file, '--limit', 'maxConnectionsPerToken=1']);
    await run.waitForStdout(/EDP-HUB READY/, 30_000);
    expect(await run.stop('SIGHUP')).toEqual({ code: 0, signal: null });
  });

  it('--help shows the configuration file and examples', async () => {
    const run = spawnFleetcert(['hub', '--help']);
    expect((await run.exited).code).toBe(0);
    const stdout = run.stdout();
    expect(stdout).toContain('--config');
    expect(stdout).toContain('"deadline_ms": 2000');
    expect(stdout).toContain('fleetcert hub --config hub.json --seed 7');
    expect(stdout).toContain('docs/faults.md');
  });
});

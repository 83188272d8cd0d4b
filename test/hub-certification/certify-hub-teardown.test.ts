/**
 * Stopping `fleetcert certify hub` from outside (what CI cancellation, `timeout` and a closed
 * terminal send): SIGTERM, SIGHUP or SIGINT mid-run stops the hub under test with its whole
 * process group, and a hub that left the group with `setsid` too; the configuration file with the
 * controller password and app tokens is removed; the verdicts so far are written; exit 2 (or 1
 * when a rule already failed), as docs/certification.md says; `fleetcert load` through a hub the
 * same (its result written). A second signal leaves at once
 * (128 + its number) and still leaves no hub and no secret behind.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FLEETCERT_BIN, spawnFleetcert } from '../support/fleetcert-cli.js';

const SMOKE = fileURLToPath(new URL('../../fixtures/scenarios/hub-smoke.yaml', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Live (not zombie) processes whose command line contains `text`. */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '')[0];
      if (cmdline.includes(text) && state !== 'Z') pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A zombie counts as gone: it runs nothing and holds no socket. */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

async function settled(text: string, pids: readonly number[]): Promise<number[]> {
  // A SIGKILLed process ends on the kernel's time, not ours: look again a few times before judging.
  const left = () => [...new Set([...processesMentioning(text), ...pids.filter(alive)])];
  for (let i = 0; i < 100 && left().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return left();
}

/** A temp folder for the run's secrets (TMPDIR) and one for its reports. */
async function workspace() {
  const root = await mkdtemp(join(tmpdir(), 'fleetcert-teardown-'));
  dirs.push(root);
  const secrets = join(root, 'tmp');
  const out = join(root, 'out');
  await import('node:fs/promises').then((fs) => Promise.all([fs.mkdir(secrets), fs.mkdir(out)]));
  return { root, secrets, out };
}

function certify(hubCommand: string, out: string, secrets: string) {
  return spawnFleetcert(
    [
      'certify',
      'hub',
      '--hub-command',
      hubCommand,
      '--fleet',
      'bulb=2,tv=1',
      '--runs',
      '1000',
      '--seed',
      '3',
      '--out',
      out,
      '--log-level',
      'info',
    ],
    { TMPDIR: secrets },
  );
}

async function expectNothingLeft(secrets: string, pidsBefore: number[]) {
  expect(pidsBefore.length).toBeGreaterThan(0);
  expect(await settled(secrets, pidsBefore)).toEqual([]);
  expect((await readdir(secrets)).filter((name) => name.startsWith('fleetcert-hub-'))).toEqual([]);
}

describe('fleetcert certify hub stopped from outside', () => {
  for (const signal of ['SIGTERM', 'SIGHUP'] as const)
    it(`${signal} mid-run: the hub is stopped, its configuration removed, the verdicts so far written, exit 2 or 1`, async () => {
      const { secrets, out } = await workspace();
      const cli = certify('fleetcert hub', out, secrets);
      await cli.waitForStderr(/app sessions judged for/, 90_000);
      const hubPids = processesMentioning(secrets);
      cli.child.kill(signal);
      const { code } = await cli.exited;
      expect([1, 2]).toContain(code);
      expect(cli.stderr()).toMatch(/interrupted during "app sessions"/);
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
      expect(['partial', 'not-certified']).toContain(result.verdict);
      await expectNothingLeft(secrets, hubPids);
    }, 150_000);

  it('SIGTERM mid-run to a hub that calls setsid behind a wrapper: that hub is stopped too', async () => {
    const { root, secrets, out } = await workspace();
    const wrapper = join(root, 'setsid-hub.sh');
    await writeFile(wrapper, `#!/bin/sh\nsetsid "${process.execPath}" "${FLEETCERT_BIN}" hub "$@" &\nwait\n`);
    await chmod(wrapper, 0o700);
    const cli = certify(`/bin/sh ${wrapper}`, out, secrets);
    await cli.waitForStderr(/app sessions judged for/, 90_000);
    const hubPids = processesMentioning(secrets);
    cli.child.kill('SIGTERM');
    const { code } = await cli.exited;
    expect([1, 2]).toContain(code);
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(['partial', 'not-certified']).toContain(result.verdict);
    await expectNothingLeft(secrets, hubPids);
  }, 150_000);

  it('fleetcert load through a setsid hub: SIGTERM mid-run stops that hub, removes its configuration, writes the result', async () => {
    const { root, secrets, out } = await workspace();
    const wrapper = join(root, 'setsid-hub.sh');
    await writeFile(wrapper, `#!/bin/sh\nsetsid "${process.execPath}" "${FLEETCERT_BIN}" hub "$@" &\nwait\n`);
    const cli = spawnFleetcert(
      ['load', SMOKE, '--hub-command', `/bin/sh ${wrapper}`, '--out', out, '--log-level', 'info'],
      { TMPDIR: secrets },
    );
    await cli.waitForStderr(/hub ready/, 90_000);
    const hubPids = processesMentioning(secrets);
    cli.child.kill('SIGTERM');
    const { code } = await cli.exited;
    expect(cli.stdout()).toMatch(/result: .*\n/);
    expect([0, 1, 2]).toContain(code);
    await expectNothingLeft(secrets, hubPids);
  }, 150_000);

  it('a second SIGTERM leaves at once (exit 143) and still leaves no hub and no secret', async () => {
    const { root, secrets, out } = await workspace();
    // A wrapper that ignores SIGTERM holds the first stop for its 5 s grace: the second signal comes meanwhile.
    const wrapper = join(root, 'stubborn-setsid-hub.sh');
    await writeFile(
      wrapper,
      `#!/bin/sh\ntrap '' TERM\nsetsid "${process.execPath}" "${FLEETCERT_BIN}" hub "$@" &\nwhile :; do sleep 1; done\n`,
    );
    const cli = certify(`/bin/sh ${wrapper}`, out, secrets);
    await cli.waitForStderr(/app sessions judged for/, 90_000);
    const hubPids = processesMentioning(secrets);
    cli.child.kill('SIGTERM');
    await cli.waitForStderr(/SIGTERM: stopping/, 10_000);
    cli.child.kill('SIGTERM');
    const { code } = await cli.exited;
    expect(code).toBe(143);
    await expectNothingLeft(secrets, hubPids);
  }, 150_000);
});

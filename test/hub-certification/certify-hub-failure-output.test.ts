/**
 * `fleetcert certify hub` says what failed on stdout, as `fleetcert certify` does for a device
 * (one printer, failureLines): per failed rule the rule id and its summary, the minimal command
 * sequence, and the replay command. By example: the reference hub with a planted fault
 * (forward-twice breaks EDP-HUB-1, each command forwarded to the device twice).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnFleetcert } from '../support/fleetcert-cli.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('fleetcert certify hub: failure output', () => {
  it('prints each failed rule, its summary, the minimal commands and the replay command', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-hub-failure-'));
    dirs.push(out);
    const cli = spawnFleetcert([
      'certify',
      'hub',
      '--hub-command',
      'fleetcert hub --fault forward-twice',
      '--fleet',
      'bulb=2,tv=1',
      '--runs',
      '5',
      '--seed',
      '5',
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    // Every rule's fixed scenarios run before its sessions, and each failure's replay is rerun once
    // before it is printed: far more than a busy machine needs, so only a hang is killed.
    const timer = setTimeout(() => cli.child.kill('SIGKILL'), 480_000);
    const { code } = await cli.exited;
    clearTimeout(timer);
    expect(code).toBe(1);
    const stdout = cli.stdout();
    const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as {
      requirements: {
        rule: string;
        verdict: string;
        counterexample?: { summary: string; commands: string[] };
        replay?: { command: string };
      }[];
    };
    const failed = result.requirements.filter((r) => r.verdict === 'failed');
    expect(failed.map((r) => r.rule)).toContain('EDP-HUB-1');
    for (const r of failed) {
      // The rule and its summary on one line, as device certify prints it.
      expect(stdout).toContain(`  ${r.rule}: ${r.counterexample!.summary}`);
      expect(r.counterexample!.commands.length).toBeGreaterThan(0);
      expect(stdout).toMatch(/\n {4}(minimal counterexample|follows from|seen, not reproduced)[^\n]*: \S/);
      expect(stdout).toContain(r.counterexample!.commands.join('; '));
      expect(r.replay!.command).toMatch(/fleetcert certify hub .*--replay \d+:\S+/);
      expect(stdout).toContain(`    replay: ${r.replay!.command}`);
    }
    expect(stdout).toMatch(/NOT CERTIFIED: \d+ passed, \d+ failed/);
  }, 540_000);
});

/**
 * `certify hub` shows where its app sessions are (issue 21): on a terminal (a PTY from
 * util-linux `script`), a line redrawn as each session starts ("EDP-HUB-1 session 2/4"); off a
 * terminal (pipes, CI logs), no session lines and at most a line per rule. The reference hub,
 * one rule, four sessions: a few seconds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quote } from 'shell-quote';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEETCERT_BIN, spawnFleetcert } from '../support/fleetcert-cli.js';

const ESC = String.fromCharCode(27);
/** A line drawn over the one before it (`\\r ESC[2K`), not ended: the terminal redraws it. */
const redrawn = (text: string) => new RegExp(`\\r${ESC}\\[2K[^\\n]*${text}`);

const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-progress-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const args = (out: string) => [
  'certify',
  'hub',
  '--hub-command',
  'fleetcert hub',
  '--fleet',
  'bulb=3',
  '--only',
  'EDP-HUB-1',
  '--runs',
  '4',
  '--seed',
  '3',
  '--out',
  out,
];

/** Runs the CLI under `script` (a PTY on stdin, stdout and stderr); resolves with everything it wrote. */
function underTerminal(argv: readonly string[]): Promise<{ code: number | null; text: string }> {
  const { FLEETCERT_TOKEN: _ignored, NO_COLOR: _colour, ...env } = process.env;
  const child = spawn('script', ['-qec', quote([process.execPath, FLEETCERT_BIN, ...argv]), '/dev/null'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  // A hang guard only (the run takes seconds): a slow machine waits, it does not fail.
  const guard = setTimeout(() => child.kill('SIGKILL'), 170_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(guard);
      resolve({ code, text });
    }),
  );
}

describe('certify hub progress', () => {
  it.skipIf(!hasScript)(
    'on a terminal: a session line per app session, redrawn in place',
    async () => {
      const { code, text } = await underTerminal(args(join(dir, 'tty')));
      expect(code, text).toBe(0);
      // Each session line starts by clearing the line it replaces, and does not end it.
      expect(text).toMatch(redrawn('EDP-HUB-1 scenario 1/\\d+'));
      expect(text).toMatch(redrawn('EDP-HUB-1 session 1/4'));
      expect(text).toMatch(/EDP-HUB-1 passed/);
      expect(text).toContain('PARTIAL (EDP-HUB-1 only; not a certificate): 1 passed');
    },
    180_000,
  );

  it('off a terminal: no session lines, the phase and a line for the rule', async () => {
    const cli = spawnFleetcert(args(join(dir, 'pipe')));
    const { code } = await cli.exited;
    expect(code, cli.stderr()).toBe(0);
    const stderr = cli.stderr();
    expect(stderr).not.toMatch(/session \d|scenario \d/);
    expect(stderr).not.toContain(ESC);
    expect(stderr.split('\n').filter((l) => l.includes('EDP-HUB-1'))).toEqual([
      '  · app sessions judged for EDP-HUB-1',
      '  ✓ EDP-HUB-1 passed',
    ]);
    expect(cli.stdout()).toContain('PARTIAL (EDP-HUB-1 only; not a certificate): 1 passed');
  }, 180_000);
});

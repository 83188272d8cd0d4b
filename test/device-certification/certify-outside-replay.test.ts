/**
 * Issue 18, the outside kettle's replay: with the kettle's model (test/support/outside/kettle.json,
 * the outside engineer's own) and seed 1, run 1 of EDP-NOTIFY-1 sends
 * `set [target = 85, heating = [], heating = false]` while heating is false: the middle item is
 * refused (-4005) and the last writes the value heating holds. A device that notifies every
 * accepted write sends `heating = false` for it; the printed replay
 * (`--replay 1:1 --only EDP-NOTIFY-1`) must fail EDP-NOTIFY-1 on its own, as the full run did.
 * It used to pass: the item was taken as a consequence of EDP-PROP-4, a rule the replay does not judge.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certifyWithDevice, stoppableChild } from '../support/cli-with-device.js';
import { freePort } from '../support/ports.js';

const PYTHON = '/usr/bin/python3';
const OUTSIDE = fileURLToPath(new URL('../support/outside/', import.meta.url));
const KETTLE = join(OUTSIDE, 'kettle.json');
const DEVICE_ID = 'kettle-0001';
const TOKEN = 'outside-kettle-token';

function pythonReady(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import paho.mqtt, websockets'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-outside-replay-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Requirement {
  readonly rule: string;
  readonly verdict: string;
  readonly consequenceOf?: string;
  readonly counterexample?: { readonly summary?: string };
}

/** The printed replay against the outside device (with `bugs`): exit code, result.json's requirements. */
async function replay(name: string, bugs: readonly string[]) {
  const port = await freePort();
  const out = join(dir, name);
  return certifyWithDevice({
    args: [
      'certify',
      '--listen',
      String(port),
      '--host',
      '127.0.0.1',
      '--device-id',
      DEVICE_ID,
      '--token',
      TOKEN,
      '--model',
      KETTLE,
      '--replay',
      '1:1',
      '--only',
      'EDP-NOTIFY-1',
      '--out',
      out,
      '--log-level',
      'warn',
    ],
    limitMs: 120_000,
    startDevice: async (cli) => {
      await cli.waitForStderr(/waiting for/, 60_000);
      const device = spawn(
        PYTHON,
        [
          join(OUTSIDE, 'device.py'),
          '--broker',
          `mqtt://127.0.0.1:${port}`,
          '--device-id',
          DEVICE_ID,
          '--token',
          TOKEN,
          '--model',
          KETTLE,
          ...bugs.flatMap((b) => ['--bug', b]),
        ],
        { stdio: 'ignore' },
      );
      return stoppableChild(device);
    },
    collect: async (code, cli) => {
      const output = `${cli.stdout()}\n${cli.stderr().slice(-4000)}`;
      const result =
        code === 0 || code === 1
          ? (JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as { requirements: Requirement[] })
          : { requirements: [] };
      return { code, requirements: result.requirements, output };
    },
  });
}

describe.skipIf(!pythonReady())('the outside kettle’s printed EDP-NOTIFY-1 replay (issue 18)', () => {
  it('fails EDP-NOTIFY-1 on its own against a device that notifies every accepted write', async () => {
    const run = await replay('notify-every-write', ['notify-every-write']);
    expect(run.code, run.output).toBe(1);
    const failed = run.requirements.filter((r) => r.verdict === 'failed');
    expect(
      failed.map((r) => [r.rule, r.consequenceOf]),
      run.output,
    ).toEqual([['EDP-NOTIFY-1', undefined]]);
    expect(failed[0]?.counterexample?.summary, run.output).toMatch(/heating.*which it already held/);
  }, 180_000);

  it('passes against the same device without the bug (the same requests are legal)', async () => {
    const run = await replay('correct', []);
    expect(run.code, run.output).toBe(0);
    expect(run.requirements.filter((r) => r.verdict === 'failed')).toEqual([]);
  }, 180_000);
});

/**
 * One output rule for every command (docs/output.md, issue 21), at the real CLI off a terminal
 * (child processes with pipes): stdout carries human results only, stderr human progress only,
 * structured logs appear only when asked (`--log-format`, `--log-file`), in one place, and a
 * token never reaches a log. Exercised with `certify --listen` and a `simulate` device that
 * logs in to it, the pair whose lines used to interleave with pino's JSON.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCli, spawnFleetcert } from '../support/fleetcert-cli.js';

const TOKEN = 'out-disc-s3cret-token';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-output-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');
const jsonLines = (text: string) => lines(text).filter((l) => l.trim().startsWith('{'));

interface Outputs {
  readonly code: number | null;
  readonly certify: RunningCli;
  readonly device: RunningCli;
}

/** `certify --listen` (a free port, EDP-MQTT-1 only: a few seconds) with a simulated bulb logging in to it. */
async function certifyWithDevice(
  name: string,
  certifyLog: readonly string[],
  deviceLog: readonly string[],
): Promise<Outputs> {
  const certify = spawnFleetcert([
    'certify',
    '--listen',
    '0',
    '--device-id',
    'bulb-0001',
    '--token',
    TOKEN,
    '--only',
    'EDP-MQTT-1',
    '--seed',
    '4',
    '--out',
    join(dir, name),
    ...certifyLog,
  ]);
  let device: RunningCli | undefined;
  try {
    // The line is text, or a JSON record when structured logs own stderr: the port is read from either.
    const port = (await certify.waitForStderr(/embedded broker at mqtt:\/\/[\d.]+:(\d+)/, 50_000))[1];
    device = spawnFleetcert([
      'simulate',
      '--type',
      'bulb',
      '--token',
      TOKEN,
      '--broker',
      `mqtt://127.0.0.1:${port}`,
      ...deviceLog,
    ]);
    const { code } = await certify.exited;
    await device.waitForStdout(/online at/, 30_000);
    await device.stop();
    return { code, certify, device };
  } finally {
    await certify.stop('SIGKILL');
    await device?.stop('SIGKILL');
  }
}

describe('one output discipline (docs/output.md)', () => {
  it('without log options: human lines only, results on stdout, progress on stderr, no JSON anywhere', async () => {
    const { code, certify, device } = await certifyWithDevice('plain', [], []);
    expect(code, certify.stderr()).toBe(0);
    expect(certify.stdout()).toMatch(/^bulb-0001 \(fleetcert\.bulb\.v1\): PARTIAL/);
    expect(certify.stderr()).toContain('waiting for bulb-0001');
    for (const text of [certify.stdout(), certify.stderr(), device.stdout(), device.stderr()])
      expect(jsonLines(text)).toEqual([]);
    // The device's own stopping record (info) is not printed after its summary line.
    expect(lines(device.stdout())).toEqual([expect.stringMatching(/^device bulb-0001 .* online at /)]);
    // Its warnings (the certifier's broker went away with it) are plain lines.
    for (const line of lines(device.stderr())) expect(line).toMatch(/^fleetcert: warning: /);
  }, 90_000);

  it('--log-format json --log-file F: JSON records in F, nothing on stdout but results, the token nowhere', async () => {
    const certifyLog = join(dir, 'logs', 'certify.log');
    const deviceLog = join(dir, 'logs', 'device.log');
    const { code, certify, device } = await certifyWithDevice(
      'to-file',
      ['--log-format', 'json', '--log-file', certifyLog, '--log-level', 'debug'],
      ['--log-format', 'json', '--log-file', deviceLog, '--log-level', 'trace'],
    );
    expect(code, certify.stderr()).toBe(0);
    for (const text of [certify.stdout(), certify.stderr(), device.stdout(), device.stderr()]) {
      expect(jsonLines(text)).toEqual([]);
      expect(text).not.toContain(TOKEN);
    }
    // Progress stays on stderr as text: the log went to the file.
    expect(certify.stderr()).toContain('waiting for bulb-0001');
    for (const file of [certifyLog, deviceLog]) {
      const text = await readFile(file, 'utf8');
      const records = lines(text).map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(records.length).toBeGreaterThan(0);
      expect(records.every((r) => typeof r.level === 'number' && typeof r.msg === 'string')).toBe(true);
      expect(text).not.toContain(TOKEN);
    }
    const deviceRecords = lines(await readFile(deviceLog, 'utf8')).map(
      (l) => JSON.parse(l) as { msg: string },
    );
    expect(deviceRecords.map((r) => r.msg)).toContain('stopping: publishing offline presence');
  }, 90_000);

  it('--log-format json alone: stderr carries log records only (progress among them), stdout the results', async () => {
    const { code, certify } = await certifyWithDevice('to-stderr', ['--log-format', 'json'], []);
    expect(code, certify.stderr()).toBe(0);
    expect(jsonLines(certify.stdout())).toEqual([]);
    expect(certify.stdout()).toMatch(/^bulb-0001 \(fleetcert\.bulb\.v1\): PARTIAL/);
    const records = lines(certify.stderr()).map((l) => JSON.parse(l) as { msg: string; event?: string });
    expect(records.some((r) => r.event === 'progress' && r.msg.startsWith('waiting for bulb-0001'))).toBe(
      true,
    );
    expect(certify.stderr()).not.toContain(TOKEN);
  }, 90_000);
});

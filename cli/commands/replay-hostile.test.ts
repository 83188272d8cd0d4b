/**
 * `fleetcert replay` against hostile trace files (issue 19): a device id outside section 5
 * (`bulb-0099/#`) ended in "unexpected error: RangeError" and a stack trace; trace file names
 * were printed raw, so a name holding terminal escapes reached the terminal.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as run } from '../../test/support/in-process-cli.js';
import { replaySummary } from './replay.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-replay-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function trace(deviceId: string): string {
  return JSON.stringify({
    schema: 'fleetcert.trace/1',
    rule: 'EDP-PROP-4',
    summary: 'planted',
    model: { id: 'fleetcert.bulb.v1', sha256: 'a'.repeat(64) },
    device: { id: deviceId, binding: 'mqtt' },
    timing: { responseDeadlineMs: 1000, notificationDeadlineMs: 1000, quietMs: 100 },
    commands: [],
    setup: { initialState: [], singleItems: false },
    steps: [],
    recorded: [],
    violations: [],
  });
}

describe('replay with hostile traces', () => {
  it.each(['bulb-0099/#', 'bulb+', 'a', `bulb-0001\u001b[2K`])(
    'a trace for device %j stops with exit 2 naming the file and section 5, no stack trace',
    async (deviceId) => {
      const path = join(dir, `${Math.random().toString(36).slice(2)}.trace.json`);
      await writeFile(path, trace(deviceId));
      const { code, stdout, stderr } = await run(
        'replay',
        path,
        '--broker',
        'mqtt://127.0.0.1:1',
        '--token',
        't',
      );
      expect(code, stderr).toBe(2);
      expect(stderr).toContain(path);
      expect(stderr).toContain('is not a device id of section 5');
      expect(`${stdout}${stderr}`).not.toMatch(/RangeError|unexpected error|\n\s+at /);
      expect(`${stdout}${stderr}`).not.toContain('\u001b');
    },
  );

  it('prints trace file names, ids and observations with control characters escaped', () => {
    const source = 'traces/\u001b]0;owned\u0007\u001b[31mEDP-PROP-4.trace.json';
    const entry = {
      source,
      rule: 'EDP-PROP-4',
      summary: '',
      durationMs: 1,
      commands: [],
      messages: [],
    };
    const text = replaySummary(
      {
        deviceId: 'bulb-0001',
        modelId: 'm\u001b[2K',
        modelSha256: 'a'.repeat(64),
        target: 't',
        startedAt: '',
        durationMs: 1,
        tool: 'fleetcert',
        entries: [
          { ...entry, verdict: 'passed', broken: [], violations: [] },
          {
            ...entry,
            verdict: 'failed',
            broken: ['EDP-PROP-4'],
            violations: [{ rule: 'EDP-PROP-4', expected: 'x\r', observed: '\u001b[1A' }],
          },
        ],
      },
      'junit.xml',
    );
    // Nothing but printable text and line breaks.
    expect([...text].filter((c) => c !== '\n' && /\p{Cc}/u.test(c))).toEqual([]);
    expect(text).toContain('traces/\\u001b]0;owned\\u0007\\u001b[31mEDP-PROP-4.trace.json');
  });
});

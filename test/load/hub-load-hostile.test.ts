/**
 * `fleetcert load` against a hub that sends hostile notifications (issue 19): one nested
 * 100,000 deep threw an uncaught RangeError in the recursive canonical JSON (exit 1, the code
 * for "threshold failed", and no report), and 800 of 512 KiB each, kept whole, took the load
 * process to 642 MB. Now the run ends with its result and report written, the deep one counted
 * as a notification the device never sent. (Memory: see the closing note of issue 19.)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { LoadResult } from '../../load/index.js';
import { runCli } from './cli.js';

const MISBEHAVING = fileURLToPath(new URL('../support/hub/misbehaving-hub.mjs', import.meta.url));

describe('fleetcert load against a hub sending a 100,000-deep notification and 800 of 512 KiB', () => {
  it('writes its result and report, counting them as notifications no device sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-load-hostile-'));
    const scenario = join(dir, 'hub.yaml');
    await writeFile(
      scenario,
      stringify({
        name: 'hub-hostile',
        seed: 11,
        fleet: [
          { type: 'bulb', count: 6 },
          { type: 'tv', count: 2 },
        ],
        stages: [{ hold: '3s' }],
        telemetry: { rate: '2/s' },
        requests: { rate: '20/s', mix: { get: 6, set: 3, action: 1 } },
        hub: {
          command: 'fleetcert hub',
          drain: '2s',
          apps: [{ token: 'app-all', devices: '*', connections: 2, subscribe: '*' }],
        },
        thresholds: ['hub.wrong==0'],
      }),
    );
    const out = join(dir, 'out');
    const run = await runCli([
      'load',
      scenario,
      '--hub-command',
      `${process.execPath} ${MISBEHAVING} deep`,
      '--out',
      out,
      '--log-level',
      'warn',
    ]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/RangeError|unexpected error/);
    expect([0, 1], run.stderr).toContain(run.code);
    const result = JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult;
    // The deep one at least, on each connection the hub relayed a notification to.
    expect(result.counters.notify.duplicated).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(out, 'load-report.html'))).toBe(true);
  }, 120_000);
});

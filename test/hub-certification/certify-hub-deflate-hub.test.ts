/**
 * `certify hub` against a hub that inflates (issue 19): a hub offering permessage-deflate and
 * answering every devices.list with 90 MiB of one letter (90 KB compressed) took the
 * certifier to 900 MB when its sockets offered compression and had no maxPayload. Now no socket
 * offers compression, so the hub must send each frame whole, and every socket closes at the
 * frame header (1009): the run ends with its results written and sealed. (The certifier's peak
 * RSS is measured by hand, not here: see the closing note of issue 19.)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyReport } from '../../reports/index.js';
import { runHubCertification } from '../../runs/index.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { referenceModel } from '../support/reference-simulator.js';

const MISBEHAVING = fileURLToPath(new URL('../support/hub/misbehaving-hub.mjs', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('a hub that sends frames that inflate', () => {
  it('gets no compression, cannot make the certifier buffer them, and the results are written', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'fleetcert-deflate-hub-'));
    dirs.push(outDir);
    const outcome = await runHubCertification({
      hub: {
        kind: 'hub-command',
        command: [process.execPath, MISBEHAVING, 'deflate'],
        display: 'deflate hub',
      },
      fleet: [
        { type: 'bulb', model: referenceModel('bulb'), count: 2 },
        { type: 'tv', model: referenceModel('tv'), count: 1 },
      ],
      seed: 4,
      runs: 2,
      maxCommands: 4,
      sessionTimeLimitMs: 12_000,
      shrinkTimeLimitMs: 0,
      runDeadlineMs: 90_000,
      toolVersion: 'test',
      outDir,
    });
    expect([1, 2], JSON.stringify(outcome).slice(0, 2000)).toContain(outcome.exitCode);
    const written = JSON.parse(await readFile(join(outDir, 'result.json'), 'utf8')) as CertificationResult;
    expect(written.verdict).toBe('not-certified');
    expect((await verifyReport(await readFile(join(outDir, 'report.html'), 'utf8'))).problems).toEqual([]);
  }, 150_000);
});

/**
 * `npm run bench:certify-hub-deflate`: `certify hub`'s peak RSS against a hub that inflates
 * (test/support/hub/misbehaving-hub.mjs deflate: permessage-deflate offered, every devices.list
 * answered with 90 MiB of one letter, about 90 KB compressed). Issue 19 measured 900 MB when the
 * certifier's sockets offered compression with no maxPayload. Prints the verdict, the exit code
 * and this process's peak RSS (the run is in-process, as `fleetcert certify hub` runs it).
 * Goal: under 400 MB, results written. Exit 1 otherwise.
 */
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runHubCertification } from '../runs/index.js';
import { referenceModel } from '../test/support/reference-simulator.js';
import { parseBenchArgs } from './bench-args.js';

parseBenchArgs(import.meta.url, {});

const hub = fileURLToPath(new URL('../test/support/hub/misbehaving-hub.mjs', import.meta.url));
const outDir = await mkdtemp(join(tmpdir(), 'fleetcert-bench-deflate-'));
const outcome = await runHubCertification({
  hub: { kind: 'hub-command', command: [process.execPath, hub, 'deflate'], display: 'deflate hub' },
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
  toolVersion: 'bench',
  outDir,
});
const peakMb = process.resourceUsage().maxRSS / 1024;
const written = existsSync(join(outDir, 'result.json'));
process.stdout.write(
  `certify hub against the deflate hub: exit ${outcome.exitCode}, result ${written ? 'written' : 'NOT written'} (${outDir}); peak RSS ${peakMb.toFixed(0)} MB\n`,
);
process.exitCode = written && peakMb < 400 ? 0 : 1;

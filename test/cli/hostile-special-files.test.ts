/**
 * One bounded reader for every file fleetcert opens (issue 19): a `/dev/zero` symlink, a FIFO
 * and an oversize (sparse) file, planted where each reader looks, end in a clear error naming
 * the file, exit 2, and no stack trace. Before, `broker.ca: /dev/zero` read 5.4 GB in 30 s, a
 * `/dev/zero` symlink in a traces folder 625 MB and then a stack trace, and a FIFO blocked for ever.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess as run } from '../support/in-process-cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-special-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Kind = 'dev-zero symlink' | 'FIFO' | 'oversize file';
const KINDS: readonly Kind[] = ['dev-zero symlink', 'FIFO', 'oversize file'];
let serial = 0;

/** Plants one hostile file at `folder/name` and returns its path. */
async function plant(kind: Kind, name: string, folder = dir): Promise<string> {
  const path = join(folder, `${++serial}-${name}`);
  if (kind === 'dev-zero symlink') await symlink('/dev/zero', path);
  else if (kind === 'FIFO') execFileSync('mkfifo', [path]);
  else {
    await writeFile(path, '');
    // Sparse: larger than every limit (64 MiB for results), costing no disk.
    await truncate(path, 100 * 1024 * 1024);
  }
  return path;
}

const EXPECTED: Record<Kind, RegExp> = {
  'dev-zero symlink': /is a character device, not a regular file/,
  FIFO: /is a FIFO \(named pipe\), not a regular file/,
  'oversize file': /over the limit of \d+ (MiB|KiB|bytes)/,
};

async function expectRefused(kind: Kind, path: string, args: string[]): Promise<void> {
  const { code, stdout, stderr } = await run(...args);
  const output = `${stdout}${stderr}`;
  expect(code, output).toBe(2);
  expect(output).toContain(path);
  expect(output).toMatch(EXPECTED[kind]);
  expect(output).not.toMatch(/RangeError|unexpected error|\n\s+at /);
}

async function scenario(stages: string, extra: string): Promise<string> {
  const path = join(dir, `${++serial}-scenario.yaml`);
  await writeFile(path, `name: s\nseed: 1\nfleet:\n  - type: bulb\n    count: 1\nstages:\n${stages}${extra}`);
  return path;
}

describe.each(KINDS)('a %s', (kind) => {
  it('as a model file (model validate)', async () => {
    const path = await plant(kind, 'model.json');
    await expectRefused(kind, path, ['model', 'validate', path]);
  });

  it('as a result file (report render)', async () => {
    const path = await plant(kind, 'result.json');
    await expectRefused(kind, path, ['report', 'render', path, '--out', join(dir, `out-${serial}`)]);
  });

  it('as a scenario (load)', async () => {
    const path = await plant(kind, 'scenario.yaml');
    await expectRefused(kind, path, ['load', path]);
  });

  it("as a scenario's broker.ca (load)", async () => {
    const ca = await plant(kind, 'ca.pem');
    const path = await scenario(
      '  - rampUp: 10/s\n  - hold: 1s\n',
      `broker:\n  url: mqtts://127.0.0.1:1\n  ca: ${ca}\n`,
    );
    await expectRefused(kind, ca, ['load', path]);
  });

  it("as a hub load scenario's hub.config (load)", async () => {
    const config = await plant(kind, 'hub-config.json');
    const path = await scenario(
      '  - hold: 1s\n',
      `hub:\n  url: ws://127.0.0.1:1/edp/1/hub\n  config: ${config}\n  apps:\n    - token: a\n`,
    );
    await expectRefused(kind, config, ['load', path]);
  });

  it('as hub --config', async () => {
    const path = await plant(kind, 'hub.json');
    await expectRefused(kind, path, ['hub', '--config', path]);
  });

  it('as certify hub --hub-config', async () => {
    const path = await plant(kind, 'hub.json');
    await expectRefused(kind, path, [
      'certify',
      'hub',
      '--hub',
      'ws://127.0.0.1:1/edp/1/hub',
      '--hub-config',
      path,
      '--out',
      join(dir, `certify-${serial}`),
    ]);
  });

  it('as the broker --tokens file', async () => {
    const path = await plant(kind, 'tokens.json');
    await expectRefused(kind, path, ['broker', '--port', '0', '--tokens', path]);
  });

  it('in a traces folder (replay)', async () => {
    const folder = join(dir, `traces-${++serial}`);
    await mkdir(folder);
    const path = await plant(kind, 'x.trace.json', folder);
    await expectRefused(kind, path, ['replay', folder]);
  });
});

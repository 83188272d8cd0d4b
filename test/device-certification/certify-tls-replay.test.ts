/**
 * Issue 23: the replay a `--listen-tls` run prints reruns against the same trust anchor. A run
 * given no CA makes a test CA and keeps it in OUT/tls/ (certificate, and its key mode 0600); the
 * replay command names those files, so a device that installed the anchor once passes the
 * replay. Through the CLI: a simulator with a planted name-check fault fails EDP-TLS-4; its
 * printed replay, run as printed against the fixed simulator trusting the first run's anchor,
 * presents certificates from the same CA (same fingerprint) and passes.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultPlan } from '../../simulators/faults/types.js';
import { runDevice } from '../../simulators/index.js';
import { certifyWithDevice, listenTlsArgs } from '../support/cli-with-device.js';
import { freePort } from '../support/ports.js';
import { referenceModel } from '../support/reference-simulator.js';

const DEVICE_ID = 'bulb-0001';
const TOKEN = 'replay-tls-token';
const TLS_RULES = ['EDP-TLS-1', 'EDP-TLS-2', 'EDP-TLS-3', 'EDP-TLS-4', 'EDP-TLS-5', 'EDP-TLS-6'];

interface Result {
  readonly requirements: readonly {
    readonly rule: string;
    readonly verdict: string;
    readonly replay?: { readonly command: string };
  }[];
  readonly tls?: { readonly trustAnchor?: string };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-tls-replay-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `certify` with `args`; once the listener is up, a simulator trusting `anchor()` dials it. */
async function certify(args: readonly string[], out: string, faults: FaultPlan) {
  return certifyWithDevice({
    args: [...args, '--out', out, '--log-level', 'warn'],
    env: { FLEETCERT_TOKEN: TOKEN },
    limitMs: 240_000,
    startDevice: async (cli) => {
      const [, port] = (await cli.waitForStderr(/TLS listener at mqtts:\/\/[^:]+:(\d+)/, 60_000)) as string[];
      const plain = Number(/plaintext is watched on port (\d+)/.exec(cli.stderr())?.[1]);
      const anchorPath = /install (\S+) as the device's trust anchor/.exec(cli.stderr())?.[1] as string;
      return runDevice({
        model: referenceModel('bulb'),
        deviceId: DEVICE_ID,
        token: TOKEN,
        transport: {
          kind: 'mqtt',
          url: `mqtts://127.0.0.1:${port}`,
          tls: {
            caPem: await readFile(anchorPath, 'utf8'),
            servername: 'localhost',
            plainFallbackPort: plain,
          },
          backoff: { firstMs: 100, maxMs: 200 },
        },
        telemetryPeriodMs: false,
        waitOnline: false,
        faults,
      });
    },
    collect: async (code, cli) => {
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as Result;
      return { code, result, output: `${cli.stdout()}\n${cli.stderr().slice(-3000)}` };
    },
  });
}

const fingerprint = async (path: string) => new X509Certificate(await readFile(path)).fingerprint256;

describe('certify --listen-tls: the printed replay uses the same CA', () => {
  it('keeps the run’s CA in OUT/tls/ and its replay reruns against it', async () => {
    const [tlsPort, plainPort] = [await freePort(), await freePort()];
    const first = join(dir, 'first');
    const run1 = await certify(
      [...listenTlsArgs(tlsPort, plainPort, DEVICE_ID), ...TLS_RULES.flatMap((r) => ['--only', r])],
      first,
      [{ name: 'skip-name-check', rate: 1 }],
    );
    expect(run1.code, run1.output).toBe(1);
    const failed = run1.result.requirements.filter((r) => r.verdict === 'failed');
    expect(failed.map((r) => r.rule)).toEqual(['EDP-TLS-4']);
    const anchor = join(first, 'tls', 'trust-anchor.pem');
    const key = join(first, 'tls', 'trust-anchor.key');
    expect((await stat(key)).mode & 0o777).toBe(0o600);
    const anchorPrint = await fingerprint(anchor);

    const command = failed[0]?.replay?.command ?? '';
    expect(command).toContain(`--tls-ca-cert ${anchor} --tls-ca-key ${key}`);
    expect(command).not.toContain(TOKEN);
    expect(run1.output).toContain(command);
    // As printed: `FLEETCERT_TOKEN=… fleetcert certify …`, the token from the environment.
    const [, ...args] = command.replace(/^FLEETCERT_TOKEN=\S+ /, '').split(' ');
    const run2 = await certify(args, join(dir, 'replay'), []);
    expect(run2.code, run2.output).toBe(0);
    expect(run2.result.requirements.find((r) => r.rule === 'EDP-TLS-4')?.verdict).toBe('passed');
    expect(run2.result.tls?.trustAnchor).toBe(anchor);
    expect(await fingerprint(anchor)).toBe(anchorPrint);
  }, 300_000);
});

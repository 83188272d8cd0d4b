/**
 * Issue 23: a device that never connects with the good certificate still gets its results
 * written. Through the CLI: a simulator given the wrong trust anchor refuses every certificate
 * fleetcert presents, so the run writes result.json and report.html with the TLS verdicts
 * (EDP-TLS-1 failed: the good certificate never led to CONNECT), every other rule "not run"
 * with the reason, and exits 1 (not certified). A device that never dials at all leaves an
 * unreachable subject (exit 2), and its (empty) TLS record is still written.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicability, requirement } from '../../conformance/catalogue/requirements.js';
import type { RuleId } from '../../conformance/catalogue/rule-ids.js';
import { runDevice } from '../../simulators/index.js';
import { createCertificateAuthority } from '../../src/tls/index.js';
import { certifyWithDevice, listenTlsArgs, type StartedDevice } from '../support/cli-with-device.js';
import { freePort } from '../support/ports.js';
import { referenceModel } from '../support/reference-simulator.js';

const MODEL = new URL('../../fixtures/models/bulb.json', import.meta.url).pathname;
const DEVICE_ID = 'bulb-0001';
const TOKEN = 'unreached-tls-token';
const NOT_REACHED =
  'not reached: the device made 9 TLS attempt(s) but never sent CONNECT over the good certificate, so no MQTT session reached the broker (see EDP-TLS-1)';

interface Row {
  readonly rule: string;
  readonly verdict: string;
  readonly reason?: string;
  readonly counterexample?: { readonly summary: string };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-tls-unreached-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function certifyCli(
  name: string,
  extra: readonly string[],
  device?: (port: number, plain: number) => Promise<StartedDevice>,
) {
  const out = join(dir, name);
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  return certifyWithDevice({
    args: [
      ...listenTlsArgs(tlsPort, plainPort, DEVICE_ID),
      '--token',
      TOKEN,
      '--model',
      MODEL,
      '--out',
      out,
      '--log-level',
      'warn',
      ...extra,
    ],
    limitMs: 240_000,
    startDevice: async (cli) => {
      await cli.waitForStderr(/TLS listener at/, 60_000);
      return device?.(tlsPort, plainPort);
    },
    collect: async (code, cli) => {
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as {
        verdict: string;
        requirements: Row[];
        tls?: { attempts: unknown[] };
      };
      await stat(join(out, 'report.html'));
      return { code, result, output: `${cli.stdout()}\n${cli.stderr().slice(-3000)}` };
    },
  });
}

describe('certify --listen-tls with a device that never connects (section 9)', () => {
  it('a device trusting another CA refuses every certificate: TLS verdicts written, the rest not run, exit 1', async () => {
    const wrongAnchor = await createCertificateAuthority('a CA fleetcert does not use');
    const { code, result, output } = await certifyCli('wrong-anchor', [], (port, plain) =>
      runDevice({
        model: referenceModel('bulb'),
        deviceId: DEVICE_ID,
        token: TOKEN,
        transport: {
          kind: 'mqtt',
          url: `mqtts://127.0.0.1:${port}`,
          tls: { caPem: wrongAnchor.certificatePem, servername: 'localhost', plainFallbackPort: plain },
          backoff: { firstMs: 100, maxMs: 200 },
        },
        telemetryPeriodMs: false,
        waitOnline: false,
      }),
    );
    expect(code, output).toBe(1);
    expect(result.verdict).toBe('not-certified');
    const byRule = new Map(result.requirements.map((r) => [r.rule, r]));
    // Every bad certificate refused (kept), the good ones refused too: EDP-TLS-1 alone fails.
    expect(result.requirements.filter((r) => r.verdict === 'failed').map((r) => r.rule)).toEqual([
      'EDP-TLS-1',
    ]);
    expect(byRule.get('EDP-TLS-1')?.counterexample?.summary).toMatch(
      /^Expected the device to connect \(presented: a good certificate from the trusted CA, TLS 1\.2 or 1\.3\); it refused: .*\. Fix: /,
    );
    for (const rule of ['EDP-TLS-2', 'EDP-TLS-3', 'EDP-TLS-4', 'EDP-TLS-5', 'EDP-TLS-6'])
      expect(byRule.get(rule)?.verdict, rule).toBe('passed');
    const others = result.requirements.filter((r) => !r.rule.startsWith('EDP-TLS-'));
    expect(others.length).toBeGreaterThan(10);
    for (const r of others) {
      expect(r.verdict, r.rule).toBe('not-run');
      // A rule that applies over --listen says why it did not run; one that does not, says that.
      const where = applicability(requirement(r.rule as RuleId), 'listen');
      expect(r.reason, r.rule).toBe(where.run === 'none' ? where.reason : NOT_REACHED);
    }
    expect(others.filter((r) => r.reason === NOT_REACHED).length).toBeGreaterThan(10);
    expect(result.tls?.attempts).toHaveLength(9);
    expect(output).toMatch(/did not connect over TLS with the good certificate/);
    expect(output).not.toContain(TOKEN);
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  }, 300_000);

  it('a device that never dials: an unreachable subject (exit 2), its empty TLS record still written', async () => {
    const { code, result, output } = await certifyCli('absent', ['--connect-timeout', '1500']);
    expect(code, output).toBe(2);
    expect(result.verdict).toBe('not-certified');
    expect(result.requirements.filter((r) => r.verdict !== 'not-run')).toEqual([]);
    expect(result.tls?.attempts).toEqual([]);
    const reasons = result.requirements.filter((r) => !r.rule.startsWith('EDP-TLS-')).map((r) => r.reason);
    expect(reasons.some((r) => /never connected to the TLS listener/.test(r ?? ''))).toBe(true);
    expect(output).toMatch(/no TLS connection came within/);
  }, 120_000);
});

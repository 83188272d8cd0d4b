/**
 * Issue 23: a device written elsewhere, in Python (test/support/outside/device.py: paho-mqtt and
 * the standard `ssl` module), certified over TLS (section 9) by the CLI: verifying properly it
 * passes EDP-TLS-1..6; each common weakness fails its rule(s): check_hostname=False → EDP-TLS-4;
 * CERT_NONE → EDP-TLS-2, -3 and -4 (nothing is checked); TLS 1.1 allowed → EDP-TLS-5. It dials
 * `localhost`, a DNS name, so the common-name-only certificate tests Python's name check: the
 * default context (SSLContext.hostname_checks_common_name = True, CPython 3.11, OpenSSL 3.0)
 * accepts it, so device.py turns that off unless told `common-name-fallback` → EDP-TLS-4.
 * With --tls-require-client-cert, device.py presents a certificate from the run's CA (ssl's
 * load_cert_chain): its own passes EDP-TLS-1, another device's fails it.
 * paho retries 1 s, 2 s, 4 s … 30 s: each run waits about 90 s on the device, not on the CPU,
 * so they run at once.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateWithChainPem, issueCertificate, loadCertificateAuthority } from '../../src/tls/index.js';
import { certifyWithDevice, listenTlsArgs, stoppableChild } from '../support/cli-with-device.js';
import { PYTHON, pythonMissing } from '../support/outside-python.js';
import { freePort } from '../support/ports.js';

const OUTSIDE = fileURLToPath(new URL('../support/outside/', import.meta.url));
const DEVICE = join(OUTSIDE, 'device.py');
const DESK_FAN = join(OUTSIDE, 'desk-fan.json');
const TOKEN = 'outside-tls-token';
const DEVICE_ID = 'fan-0001';
const TLS_RULES = ['EDP-TLS-1', 'EDP-TLS-2', 'EDP-TLS-3', 'EDP-TLS-4', 'EDP-TLS-5', 'EDP-TLS-6'];

const skipReason = pythonMissing(['paho.mqtt', 'ssl'], ['python3-paho-mqtt']);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-outside-tls-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `certify --listen-tls` with only the TLS rules; the Python device started once the trust anchor is written. */
async function certifyPython(
  name: string,
  weaknesses: readonly string[],
  mutual?: { readonly deviceId: string },
) {
  const out = join(dir, name);
  const [tlsPort, plainPort] = [await freePort(), await freePort()];
  return certifyWithDevice({
    args: [
      ...listenTlsArgs(tlsPort, plainPort, DEVICE_ID),
      '--token',
      TOKEN,
      '--model',
      DESK_FAN,
      ...TLS_RULES.flatMap((r) => ['--only', r]),
      ...(mutual === undefined ? [] : ['--tls-require-client-cert']),
      '--out',
      out,
      '--log-level',
      'warn',
    ],
    limitMs: 400_000,
    startDevice: async (cli) => {
      await cli.waitForStderr(/TLS listener at/, 60_000);
      // Mutual TLS: the board is provisioned with a certificate from the run's CA (kept in OUT/tls/).
      const provisioned = mutual === undefined ? [] : await provision(out, mutual.deviceId);
      const device = spawn(
        PYTHON,
        [
          DEVICE,
          '--device-id',
          DEVICE_ID,
          '--token',
          TOKEN,
          '--model',
          DESK_FAN,
          '--broker',
          `mqtts://localhost:${tlsPort}`,
          '--tls-ca',
          join(out, 'tls', 'trust-anchor.pem'),
          ...weaknesses.flatMap((w) => ['--tls-weakness', w]),
          ...provisioned,
        ],
        { stdio: 'ignore' },
      );
      return stoppableChild(device);
    },
    collect: async (code, cli) => {
      const result = JSON.parse(await readFile(join(out, 'result.json'), 'utf8')) as {
        requirements: { rule: string; verdict: string; counterexample?: { summary: string } }[];
      };
      const verdictOf = Object.fromEntries(result.requirements.map((r) => [r.rule, r.verdict]));
      const summaries = result.requirements.map((r) => r.counterexample?.summary ?? '').join('\n');
      return { code, verdictOf, output: `${cli.stdout()}\n${summaries}\n${cli.stderr().slice(-3000)}` };
    },
  });
}

/** A client certificate for `deviceId` from the run's CA, as `fleetcert tls devices` makes one: the device's files. */
async function provision(out: string, deviceId: string): Promise<string[]> {
  const ca = await loadCertificateAuthority(
    join(out, 'tls', 'trust-anchor.pem'),
    join(out, 'tls', 'trust-anchor.key'),
  );
  const issued = await issueCertificate({ commonName: deviceId, altNames: [deviceId], usage: 'client' }, ca);
  const [cert, key] = [join(out, `${deviceId}.crt`), join(out, `${deviceId}.key`)];
  await writeFile(cert, certificateWithChainPem(issued));
  await writeFile(key, issued.privateKeyPem, { mode: 0o600 });
  return ['--tls-cert', cert, '--tls-key', key];
}

describe.skipIf(skipReason !== undefined)(
  `outside Python device over TLS (device.py with ssl)${skipReason ? ` — skipped: ${skipReason}` : ''}`,
  () => {
    it('passes EDP-TLS-1..6 verifying properly, and each weakness fails its rule', async () => {
      const [good, noHostname, certNone, tls11, cnFallback, mutual, mutualOther] = await Promise.all([
        certifyPython('good', []),
        certifyPython('no-hostname', ['no-hostname-check']),
        certifyPython('cert-none', ['cert-none']),
        certifyPython('tls-1.1', ['tls-1.1']),
        certifyPython('cn-fallback', ['common-name-fallback']),
        certifyPython('mutual', [], { deviceId: DEVICE_ID }),
        certifyPython('mutual-other-device', [], { deviceId: 'fan-0002' }),
      ]);
      const failed = (v: typeof good) => TLS_RULES.filter((r) => v.verdictOf[r] === 'failed');
      expect(
        TLS_RULES.map((r) => good.verdictOf[r]),
        good.output,
      ).toEqual(TLS_RULES.map(() => 'passed'));
      expect(failed(noHostname), noHostname.output).toEqual(['EDP-TLS-4']);
      // What a partner reads (stdout and result.json): presented, did, and the fix; no model-suite text.
      expect(noHostname.output).toMatch(
        /Expected the device to refuse a certificate for another host name \(presented: [^)]*\); it completed the handshake .*and sent CONNECT.*Fix: verify the host name .*check_hostname=True/,
      );
      expect(noHostname.output).not.toMatch(/setup alone|the device gave/);
      expect(failed(certNone), certNone.output).toEqual(['EDP-TLS-2', 'EDP-TLS-3', 'EDP-TLS-4']);
      expect(failed(tls11), tls11.output).toEqual(['EDP-TLS-5']);
      expect(failed(cnFallback), cnFallback.output).toEqual(['EDP-TLS-4']);
      // Mutual TLS (--tls-require-client-cert): its own certificate passes; another device's fails EDP-TLS-1.
      expect(failed(mutual), mutual.output).toEqual([]);
      expect(mutual.verdictOf['EDP-TLS-1'], mutual.output).toBe('passed');
      expect(failed(mutualOther), mutualOther.output).toEqual(['EDP-TLS-1']);
      expect(mutualOther.output).toMatch(/name is not the device id/);
      for (const v of [good, noHostname, certNone, tls11, cnFallback, mutual, mutualOther])
        expect(v.output).not.toContain(TOKEN);
    }, 600_000);
  },
);

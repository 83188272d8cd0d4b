/**
 * Signed trace files: `certify --sign-key` signs each trace, and the signature covers the whole
 * trace, its requests included. `replay --public-key` (alias --key) makes a signature by that key
 * mandatory: a trace whose requests were replaced and re-digested is refused whether or not the
 * old signature was kept (exit 2, before anything is sent), while the signed original replays.
 * Without a key, `replay --verify` says an unsigned trace is integrity only.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrokerAuthPolicy } from '../../src/broker/auth-policy.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/embedded-broker.js';
import { sharedTokenPolicy } from '../../src/broker/token-policy.js';
import { canonicalJson } from '../../src/canonical-json.js';
import { runInProcess as run } from '../support/in-process-cli.js';
import { type RunningSimulator, startMqttSimulator } from '../support/reference-simulator.js';

const TOKEN = 'signed-trace-token';
let dir: string;
let broker: EmbeddedBroker;
let device: RunningSimulator;
let tracePath: string;
let publicKeyPath: string;

const common = ['--device-id', 'bulb-0001', '--token', TOKEN, '--log-level', 'silent'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-signed-traces-'));
  broker = await startEmbeddedBroker({
    port: 0,
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
  });
  device = await startMqttSimulator(broker.url, {
    type: 'bulb',
    deviceId: 'bulb-0001',
    token: TOKEN,
    faults: [{ name: 'accept-out-of-range', rate: 1 }],
  });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPath = join(dir, 'lab.pem');
  publicKeyPath = join(dir, 'lab.pub.pem');
  await writeFile(privateKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  await writeFile(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const out = join(dir, 'report');
  const certified = await run(
    'certify',
    '--broker',
    broker.url,
    ...common,
    '--only',
    'EDP-PROP-4',
    '--runs',
    '40',
    '--seed',
    '5',
    '--out',
    out,
    '--sign-key',
    privateKeyPath,
  );
  expect(certified.code, certified.stderr).toBe(1);
  tracePath = join(out, 'traces', 'EDP-PROP-4.trace.json');
}, 120_000);
afterAll(async () => {
  await device?.stop();
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The trace with its requests replaced (each request step reads a property instead) and a fresh digest. */
async function replacedRequests(keepSignature: boolean): Promise<string> {
  const trace = JSON.parse(await readFile(tracePath, 'utf8'));
  const requests = trace.steps.filter((s: { kind: string }) => s.kind === 'request');
  expect(requests.length).toBeGreaterThan(0);
  for (const step of requests)
    step.request = { ...step.request, method: 'get_properties', params: [{ siid: 2, piid: 1 }] };
  const { integrity, ...body } = trace;
  const digest = createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
  const forged = {
    ...body,
    integrity: { algorithm: 'sha256', digest, ...(keepSignature ? { signature: integrity.signature } : {}) },
  };
  const path = join(dir, `replaced-${keepSignature ? 'signed' : 'unsigned'}.trace.json`);
  await writeFile(path, JSON.stringify(forged, null, 2));
  return path;
}

describe('signed trace files', { timeout: 120_000 }, () => {
  it('certify --sign-key signs the trace: report verify --key names the given key', async () => {
    const verified = await run('report', 'verify', tracePath, '--key', publicKeyPath);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/^signed: .* signed by the given key SHA256:\S{16}\./);
  });

  it('replay --public-key replays the signed original (still broken: exit 1)', async () => {
    const replayed = await run(
      'replay',
      tracePath,
      '--broker',
      broker.url,
      ...common,
      '--public-key',
      publicKeyPath,
      '--out',
      join(dir, 'r1'),
    );
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(1);
    expect(replayed.stdout).toContain('EDP-PROP-4 still broken');
  });

  it('replay --public-key refuses replaced requests under the old signature (exit 2, nothing sent)', async () => {
    const forged = await replacedRequests(true);
    const refused = await run(
      'replay',
      forged,
      '--broker',
      broker.url,
      ...common,
      '--public-key',
      publicKeyPath,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/its Ed25519 signature \(key SHA256:\S{16}\) does not match its content/);
  });

  it('replay --key refuses replaced requests with the signature removed; --verify alone says integrity only', async () => {
    const forged = await replacedRequests(false);
    const refused = await run('replay', forged, '--broker', broker.url, ...common, '--key', publicKeyPath);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('it is not signed, but a public key was given');
    const unkeyed = await run(
      'replay',
      forged,
      '--broker',
      broker.url,
      ...common,
      '--verify',
      '--out',
      join(dir, 'r2'),
    );
    expect(unkeyed.stderr).toMatch(
      /integrity only: .*replaced-unsigned\.trace\.json is not signed: anyone could have rewritten it/,
    );
  });
});

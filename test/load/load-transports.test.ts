/**
 * Acceptance: mqtts works against a Mosquitto with a certificate made by the test (openssl),
 * the CA given as a scenario file path; MQTT over WebSocket (ws://) works too. A run against a
 * TLS broker without the CA fails as bad setup (exit 2) naming the CA.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult } from '../../load/index.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { runCli } from './cli.js';
import { writeScenario } from './scenario.js';

const exec = promisify(execFile);
const SMALL = {
  fleet: [
    { type: 'bulb', count: 6 },
    { type: 'purifier', count: 4 },
  ],
  stages: [{ rampUp: '100/s' }, { hold: '2s' }],
  requests: { rate: '50/s', mix: { get: 1, set: 1, action: 1 }, controllers: 1 },
};

let dir: string;
let mosquitto: RunningMosquitto;

/** A CA and a server certificate for 127.0.0.1 signed by it. */
async function makeCertificates(into: string): Promise<void> {
  const run = (...args: string[]) => exec('openssl', args, { cwd: into });
  await run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=fleetcert test CA',
  );
  await run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    '/CN=127.0.0.1',
  );
  await writeFile(join(into, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext',
  );
  // Mosquitto drops to its own user when started as root: the key must be readable.
  await exec('chmod', ['644', join(into, 'server.key')]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-load-tls-'));
  await exec('chmod', ['755', dir]);
  await makeCertificates(dir);
  mosquitto = await startMosquitto({
    tls: { cert: join(dir, 'server.pem'), key: join(dir, 'server.key') },
    websockets: true,
  });
}, 30_000);

afterAll(async () => {
  await mosquitto?.stop();
});

async function runWith(broker: Record<string, unknown>, prefix: string) {
  const scenario = await writeScenario({ ...SMALL, broker, idPrefix: prefix });
  // A relative CA path is read from the scenario's own folder.
  if (broker.ca === 'ca.pem')
    await writeFile(join(dirname(scenario), 'ca.pem'), await readFile(join(dir, 'ca.pem')));
  const out = await mkdtemp(join(tmpdir(), 'fleetcert-load-out-'));
  const cli = await runCli(['load', scenario, '--out', out]);
  const result =
    cli.code === 2
      ? undefined
      : (JSON.parse(await readFile(join(out, 'load-result.json'), 'utf8')) as LoadResult);
  return { cli, result };
}

describe('fleetcert load over mqtts and ws', () => {
  it('mqtts with a CA made by the test, and MQTT over WebSocket, both check every answer', async () => {
    const [tls, ws] = await Promise.all([
      runWith({ url: mosquitto.tlsUrl, ca: 'ca.pem' }, 'tls-'),
      runWith({ url: mosquitto.wsUrl }, 'ws-'),
    ]);
    for (const { cli, result } of [tls, ws]) {
      expect(cli.stderr).not.toContain('fleetcert:');
      expect(cli.code).toBe(0);
      expect(result?.counters.connect.count).toBe(10);
      expect(result?.counters.rpc.sent).toBeGreaterThan(40);
      expect(result?.counters.rpc.answered).toBe(result?.counters.rpc.sent);
      expect(result?.counters.notify.delivered).toBe(result?.counters.notify.published);
    }
    expect(tls.result?.scenario.broker.scheme).toBe('mqtts');
    expect(ws.result?.scenario.broker.scheme).toBe('ws');
  });

  it('without the CA the TLS broker is refused: exit 2 naming the CA file as the fix', async () => {
    const { cli } = await runWith({ url: mosquitto.tlsUrl }, 'noca-');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('cannot connect');
    expect(cli.stderr).toContain('CA file');
  });
});

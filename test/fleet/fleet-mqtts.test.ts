/** A fleet on an mqtts:// broker, trusting the broker's certificate through the CA it is given. */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFleet } from '../../simulators/fleet/fleet.js';
import { parseModelText } from '../../src/model/load.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { makeSelfSignedCert } from '../support/self-signed-cert.js';

const BULB = parseModelText(
  readFileSync(new URL('../../fixtures/models/bulb.json', import.meta.url), 'utf8'),
  'bulb',
).model;

let dir: string;
let cert: string;
let broker: RunningMosquitto;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fleetcert-fleet-tls-'));
  const files = await makeSelfSignedCert(dir);
  cert = files.cert;
  broker = await startMosquitto({ tls: files });
});
afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

it('connects every device over TLS with the CA, and none without it', async () => {
  const trusting = await startFleet({
    groups: [{ name: 'bulb', model: BULB, count: 3 }],
    broker: broker.tlsUrl!,
    tokens: { kind: 'single', token: 'T' },
    brokerTls: { ca: await readFile(cert) },
  });
  await trusting.ready(10_000);
  expect(trusting.counts()).toMatchObject({ connected: 3, errors: 0 });
  expect((await trusting.stop()).stoppedGracefully).toBe(3);

  const untrusting = await startFleet({
    groups: [{ name: 'bulb', model: BULB, count: 1 }],
    broker: broker.tlsUrl!,
    idPrefix: 'untrusting-',
    tokens: { kind: 'single', token: 'T' },
  });
  const failed = new Promise((resolve) =>
    untrusting.events.once('device-error', (_device, error) => resolve(error)),
  );
  expect(String(await failed)).toMatch(/certificate/i);
  expect(untrusting.counts().connected).toBe(0);
  await untrusting.stop();
});

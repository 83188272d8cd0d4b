import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMosquitto } from '../../../../test/support/mosquitto.js';
import { usePerTest } from '../../../../test/support/per-test.js';
import { makeSelfSignedCert } from '../../../../test/support/self-signed-cert.js';
import { startEmbeddedBroker } from '../../../broker/embedded-broker.js';
import { connectMqttController, type MqttController } from '../controller.js';

const perTest = usePerTest();

/** A controller on `url` subscribes to a device, so the whole path (connect, SUBACK) runs over the transport. */
async function subscribedController(
  url: string,
  tlsOptions?: { ca: Buffer; servername?: string },
): Promise<MqttController> {
  const controller = await connectMqttController({
    url,
    name: 'transport-test',
    token: 'T',
    seed: 1,
    ...(tlsOptions ? { clientOptions: { tlsOptions } } : {}),
  });
  perTest.defer(() => controller.close());
  await controller.subscribeDevice('bulb-0001', ['state']);
  return controller;
}

describe('MQTT transports by scheme', () => {
  it('ws:// reaches the embedded broker over WebSocket', async () => {
    const broker = await startEmbeddedBroker({ port: 0, wsPort: 0 });
    perTest.defer(() => broker.close());
    const controller = await subscribedController(broker.wsUrl as string);
    expect(controller.connected).toBe(true);
    expect(broker.connectedClientIds()).toHaveLength(1);
  });

  it('mqtts:// reaches Mosquitto over TLS with a given CA', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fleetcert-tls-'));
    perTest.defer(() => rm(dir, { recursive: true, force: true }));
    const { cert, key } = await makeSelfSignedCert(dir);
    const mosquitto = await startMosquitto({ tls: { cert, key } });
    perTest.defer(() => mosquitto.stop());
    const controller = await subscribedController(mosquitto.tlsUrl as string, { ca: await readFile(cert) });
    expect(controller.connected).toBe(true);
    // Without the CA the certificate is not trusted: the failure names the broker.
    await expect(
      connectMqttController({ url: mosquitto.tlsUrl as string, name: 'untrusting', token: 'T', seed: 2 }),
    ).rejects.toThrow(new RegExp(`cannot connect to ${mosquitto.tlsUrl} as controller:untrusting`));
  });
});

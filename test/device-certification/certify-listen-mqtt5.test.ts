/**
 * MQTT 5 and `certify --listen` (issue 12, finding 7): aedes, the embedded broker, serves MQTT
 * 3.1.1 only. A device that speaks only MQTT 5 is told so at once, with the way out (--broker),
 * instead of waiting out the connect timeout behind a bare CONNACK 1.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { runDeviceCertification } from '../../runs/index.js';
import { FleetcertError } from '../../src/errors.js';
import { modelSha256 } from '../../src/model/hash.js';
import { referenceModel } from '../support/reference-simulator.js';

describe('certify --listen with an MQTT 5 device', () => {
  it('fails at once with CERTIFY_MQTT5_UNSUPPORTED, pointing at --broker', async () => {
    const model = referenceModel('bulb');
    const clients: mqtt.MqttClient[] = [];
    const started = Date.now();
    const error = await runDeviceCertification({
      target: {
        mode: 'listen',
        port: 0,
        host: '127.0.0.1',
        connectTimeoutMs: 60_000,
        onListening: (url: string) => {
          const client = mqtt.connect(url.replace('0.0.0.0', '127.0.0.1'), {
            protocolVersion: 5,
            clientId: 'bulb-0005',
            username: 'bulb-0005',
            password: 'T',
            reconnectPeriod: 0,
          });
          client.on('error', () => {});
          clients.push(client);
        },
      },
      deviceId: 'bulb-0005',
      token: 'T',
      model: { model, sha256: modelSha256(model) },
      seed: 1,
      runs: 1,
      toolVersion: 'test',
    }).catch((e: unknown) => e);
    await Promise.all(clients.map((client) => client.endAsync(true)));
    expect(error).toBeInstanceOf(FleetcertError);
    expect((error as FleetcertError).code).toBe('CERTIFY_MQTT5_UNSUPPORTED');
    expect((error as Error).message).toMatch(/MQTT 5.*MQTT 3\.1\.1 only.*--broker mqtt:\/\/HOST:PORT/);
    // Told at once, not after the 60 s connect timeout.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 90_000);
});

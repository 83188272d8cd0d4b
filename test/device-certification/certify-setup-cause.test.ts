/**
 * Issue 11: when the device never gets connected, the last line of the failed setup names the
 * cause fleetcert saw: the broker's refusal of a wrong token, a refused client id, or nothing at all.
 */
import { describe, expect, it } from 'vitest';
import { runDeviceCertification } from '../../runs/index.js';
import { modelSha256 } from '../../src/model/hash.js';
import { type RunningSimulator, referenceModel, startMqttSimulator } from '../support/reference-simulator.js';

async function certifyListening(device?: { deviceId: string; token: string }): Promise<string> {
  const model = referenceModel('bulb');
  let sim: Promise<RunningSimulator> | undefined;
  try {
    await runDeviceCertification({
      deviceId: 'bulb-0001',
      token: 'right-token',
      model: { model, sha256: modelSha256(model) },
      seed: 1,
      runs: 5,
      toolVersion: 'test',
      target: {
        mode: 'listen',
        port: 0,
        host: '127.0.0.1',
        connectTimeoutMs: 2_500,
        onListening: (url: string) => {
          if (device === undefined) return;
          sim = startMqttSimulator(url, { type: 'bulb', ...device }, false).catch(() => ({
            stop: async () => {},
          }));
        },
      },
    });
    return 'connected';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await (await sim)?.stop();
  }
}

describe('a setup that fails names its cause (issue 11)', () => {
  it('a wrong token: the broker’s refusal', async () => {
    const message = await certifyListening({ deviceId: 'bulb-0001', token: 'wrong-token' });
    expect(message).toContain('did not connect to the embedded broker');
    expect(message).toMatch(/the broker refused it (once|\d+ times), last as client id "bulb-0001"/);
    expect(message).toContain('Check the token');
    expect(message).not.toContain('wrong-token');
  }, 60_000);

  it('another client id: the refused id', async () => {
    const message = await certifyListening({ deviceId: 'bulb-0002', token: 'right-token' });
    expect(message).toMatch(
      /refused (once|\d+ times) a client that is not bulb-0001, last client id "bulb-0002"/,
    );
  }, 60_000);

  it('nothing at all', async () => {
    const message = await certifyListening();
    expect(message).toContain('nothing tried to connect');
  }, 60_000);
});

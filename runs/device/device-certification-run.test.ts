/**
 * Device certification composed as tasks (issue 20): the run starts the `--listen` broker
 * (never the judge), then the device, then the judge; a stop (SIGTERM/SIGINT at the CLI, the
 * signal here) lets the judge hand over what it judged, the results task writes it, and the
 * teardowns run in reverse: the device leaves while its broker is still up, then the broker
 * closes. No timing: the stop comes on the judge's first model-based run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelSha256 } from '../../src/model/hash.js';
import { referenceModel, startMqttSimulator } from '../../test/support/reference-simulator.js';
import { runDeviceCertification } from './device-certification-run.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Whether something accepts TCP connections on the port (the broker is up). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('runDeviceCertification', () => {
  it('stopped mid-run: writes the partial result, then tears down in reverse (device before its broker)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-device-run-'));
    dirs.push(out);
    const model = referenceModel('bulb');
    const stop = new AbortController();
    const order: string[] = [];
    let port = 0;
    const outcome = await runDeviceCertification({
      target: {
        mode: 'listen',
        port: 0,
        host: '127.0.0.1',
        connectTimeoutMs: 30_000,
        onListening: (url) => {
          port = Number(new URL(url).port);
        },
      },
      startDevice: async (place) => {
        if (place.kind !== 'mqtt') throw new Error('expected an MQTT place');
        order.push(`device starts, broker up: ${await listening(port)}`);
        const sim = await startMqttSimulator(
          place.url,
          { type: 'bulb', deviceId: 'bulb-0001', token: 'T' },
          false,
        );
        return {
          stop: async () => {
            order.push(`device stops, broker up: ${await listening(port)}`);
            await sim.stop();
          },
        };
      },
      deviceId: 'bulb-0001',
      token: 'T',
      model: { model, sha256: modelSha256(model) },
      seed: 5,
      runs: 400,
      only: ['EDP-PROP-1', 'EDP-RPC-1'],
      toolVersion: 'test',
      outDir: out,
      signal: stop.signal,
      // Stopped once the model-based suite has made a run: mid-budget, whatever the machine's speed.
      onProgress: (event) => {
        if (event.kind === 'run') stop.abort();
      },
    });
    order.push(`after the run, broker up: ${await listening(port)}`);
    expect(order).toEqual([
      'device starts, broker up: true',
      'device stops, broker up: true',
      'after the run, broker up: false',
    ]);
    expect(outcome.stopped).toBe(true);
    expect(outcome.run.status).toBe('interrupted');
    expect(outcome.result.verdict === 'partial' || outcome.result.verdict === 'not-certified').toBe(true);
    expect(outcome.exitCode).toBe(outcome.result.counts.failed > 0 ? 1 : 2);
    // The results task ran after the stop: the reports hold what was judged.
    const written = JSON.parse(await readFile(join(out, 'result.json'), 'utf8'));
    expect(written.verdict).toBe(outcome.result.verdict);
    const judged = written.requirements.filter((r: { rule: string }) =>
      ['EDP-PROP-1', 'EDP-RPC-1'].includes(r.rule),
    );
    expect(
      judged.map((r: { notes?: string[]; reason?: string }) => `${r.notes ?? ''}${r.reason ?? ''}`).join(' '),
    ).toMatch(/interrupted/);
    expect(outcome.written?.jsonPath).toBe(join(out, 'result.json'));
  }, 120_000);

  it('a device that never connects: the setup error, nothing written, the broker closed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'fleetcert-device-run-'));
    dirs.push(out);
    const model = referenceModel('bulb');
    let port = 0;
    const error = await runDeviceCertification({
      target: {
        mode: 'listen',
        port: 0,
        host: '127.0.0.1',
        connectTimeoutMs: 500,
        onListening: (url) => {
          port = Number(new URL(url).port);
        },
      },
      deviceId: 'bulb-0001',
      token: 'T',
      model: { model, sha256: modelSha256(model) },
      seed: 1,
      runs: 1,
      toolVersion: 'test',
      outDir: out,
    }).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('CERTIFY_DEVICE_ABSENT');
    expect(await listening(port)).toBe(false);
    await expect(readFile(join(out, 'result.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

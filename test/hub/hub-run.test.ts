/**
 * The hub certification run for real: the reference hub process (`fleetcert hub`) started from
 * the configuration the run writes, a recorded fleet behind it on the embedded broker and on
 * Mosquitto, and WebSocket devices from `ws_devices`. A stand-in judge drives the fleet port
 * through the hub as an app would, so these tests prove the wiring and the port (what each
 * device received and sent, off, back, silent), apart from the judge's own suite.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HubCertifyConfig } from '../../conformance/suites/hub/hub-certify-config.js';
import { type HubJudge, runHubCertification } from '../../runs/index.js';
import type { HubCertificationResult } from '../../src/result/certification-result.js';
import { type AppClient, connectApp, UpgradeRefused } from '../support/hub/app-client.js';
import { referenceHubCommand } from '../support/hub/hub-process.js';
import { startMosquitto } from '../support/mosquitto.js';
import { referenceModel } from '../support/reference-simulator.js';

const FLEET = [
  { type: 'bulb', model: referenceModel('bulb'), count: 2 },
  { type: 'purifier', model: referenceModel('purifier'), count: 2 },
  { type: 'tv', model: referenceModel('tv'), count: 1 },
];
const FAKE_HUB = fileURLToPath(new URL('../support/runs/hub/fake-hub.mjs', import.meta.url));
/** What a stand-in judge returns: these tests look at what it saw, not at a verdict. */
const NO_RESULT = { verdict: 'certified', counts: { failed: 0 } } as unknown as HubCertificationResult;

/** A judge that checks the fleet port through the real hub, then returns NO_RESULT. */
function portJudge(seen: { config?: HubCertifyConfig; checks: string[] }): HubJudge {
  return async (config) => {
    seen.config = config;
    const star = config.apps.find((a) => a.devices === '*')!;
    const app: AppClient = await connectApp(config.hubUrl, star.token);
    try {
      const { fleet } = config;
      const listed = await app.request('devices.list');
      const ids = (listed.result as { deviceId: string; online: boolean }[])
        .filter((d) => d.online)
        .map((d) => d.deviceId);
      // Every fleet device is online behind the hub, over MQTT and WebSocket alike.
      expect(ids.sort()).toEqual(fleet.devices.map((d) => d.deviceId).sort());
      seen.checks.push('listed');
      for (const device of fleet.devices) {
        const before = fleet.records(device.deviceId).received.length;
        const answer = await app.request('devices.get_properties', {
          deviceId: device.deviceId,
          items: [{ siid: 1, piid: 2 }],
        });
        const received = fleet.records(device.deviceId).received.slice(before);
        expect(received).toHaveLength(1);
        expect(received[0]!.params).toEqual([{ siid: 1, piid: 2 }]);
        const response = fleet
          .records(device.deviceId)
          .sent.find((s) => s.kind === 'response' && s.requestId === received[0]!.id);
        expect(
          response && response.kind === 'response' && (response.message as { result: unknown }).result,
        ).toEqual(answer.result);
      }
      seen.checks.push('forwarded');
      await app.request('subscribe', { deviceIds: '*' });
      const purifier = fleet.devices.find((d) => d.model.model === 'fleetcert.purifier.v1')!.deviceId;
      const sent = await fleet.notifyOnItsOwn(purifier);
      expect(sent).toHaveLength(1);
      await app.waitFor(
        (f) =>
          (f.json.method === 'device.properties_changed' || f.json.method === 'device.event_occurred') &&
          (f.json.params as { deviceId: string }).deviceId === purifier,
      );
      seen.checks.push('notified');
      // A device the hub has never seen appears; "*" covers it (EDP-HUB-3).
      const late = await fleet.appear!();
      expect(late.deviceId).toBe('late-0001');
      expect(fleet.devices.map((d) => d.deviceId)).toContain('late-0001');
      await app.waitFor(
        (f) =>
          f.json.method === 'device.presence' &&
          (f.json.params as { deviceId: string }).deviceId === 'late-0001',
      );
      expect((await fleet.notifyOnItsOwn('late-0001')).length).toBe(1);
      await app.waitFor(
        (f) =>
          f.json.method === 'device.properties_changed' &&
          (f.json.params as { deviceId: string }).deviceId === 'late-0001',
      );
      seen.checks.push('appeared');
      for (const how of ['graceful', 'abrupt'] as const) {
        for (const device of fleet.devices) {
          const mark = app.frames.length;
          await fleet.goOffline(device.deviceId, how);
          expect(fleet.isOnline(device.deviceId)).toBe(false);
          await app.waitFor(
            (f, i = app.frames.indexOf(f)) =>
              i >= mark &&
              f.json.method === 'device.presence' &&
              JSON.stringify(f.json.params) === JSON.stringify({ deviceId: device.deviceId, online: false }),
            10_000,
            `${device.deviceId} offline (${how})`,
          );
          const refused = await app.request('devices.get_model', { deviceId: device.deviceId });
          expect((refused.error as { code: number }).code).toBe(-4010);
          await fleet.comeBack(device.deviceId);
          // A WebSocket device is back once the hub reconnected (within 5 s, section 8).
          await app.waitFor(
            (f, i = app.frames.indexOf(f)) =>
              i >= mark &&
              f.json.method === 'device.presence' &&
              JSON.stringify(f.json.params) === JSON.stringify({ deviceId: device.deviceId, online: true }),
            15_000,
            `${device.deviceId} back`,
          );
        }
      }
      seen.checks.push('off and back');
      const bulb = fleet.devices.find((d) => d.binding === 'mqtt')!.deviceId;
      fleet.setResponsiveness(bulb, { kind: 'silent' });
      const silent = await app.request('devices.get_model', { deviceId: bulb }, 15_000);
      expect((silent.error as { code: number }).code).toBe(-4011);
      fleet.setResponsiveness(bulb, { kind: 'normal' });
      seen.checks.push('silent');
      return { result: NO_RESULT };
    } finally {
      await app.close();
    }
  };
}

describe('runHubCertification', () => {
  it('runs the reference hub from the configuration it writes, with a recorded fleet behind it (embedded broker, WebSocket devices)', async () => {
    const seen: { config?: HubCertifyConfig; checks: string[] } = { checks: [] };
    const outcome = await runHubCertification({
      hub: {
        kind: 'hub-command',
        command: referenceHubCommand(['--log-level', 'warn']),
        display: 'fleetcert hub',
      },
      fleet: FLEET,
      wsDevices: 1,
      seed: 7,
      runs: 1,
      toolVersion: 'test',
      judge: portJudge(seen),
    });
    expect(outcome.run.error).toBeUndefined();
    expect(outcome.run.status).toBe('passed');
    expect(seen.checks).toEqual(['listed', 'forwarded', 'notified', 'appeared', 'off and back', 'silent']);
    const config = seen.config!;
    expect(config.target).toBe('fleetcert hub');
    expect(config.fleet.devices.filter((d) => d.binding === 'ws').map((d) => d.deviceId)).toEqual([
      'tv-0002',
    ]);
    // The grants name ghosts (never online) and leave some fleet devices to nobody but "*".
    expect(config.ghosts.length).toBeGreaterThan(0);
    expect(config.ghosts.every((g) => !config.fleet.devices.some((d) => d.deviceId === g))).toBe(true);
    expect(config.ungranted.length).toBeGreaterThan(0);
    // After the run the hub is gone: its app port refuses.
    await expect(connectApp(config.hubUrl, config.apps[0]!.token)).rejects.toThrow();
  }, 120_000);

  it('runs the fleet on the user broker (--broker: Mosquitto)', async () => {
    const mosquitto = await startMosquitto();
    try {
      const seen: { config?: HubCertifyConfig; checks: string[] } = { checks: [] };
      const outcome = await runHubCertification({
        hub: {
          kind: 'hub-command',
          command: referenceHubCommand(['--log-level', 'warn']),
          display: 'fleetcert hub',
        },
        fleet: FLEET,
        brokerUrl: mosquitto.url,
        seed: 3,
        runs: 1,
        toolVersion: 'test',
        judge: async (config) => {
          seen.config = config;
          const app = await connectApp(config.hubUrl, config.apps.find((a) => a.devices === '*')!.token);
          const listed = await app.request('devices.list');
          await app.close();
          expect((listed.result as { online: boolean }[]).filter((d) => d.online)).toHaveLength(5);
          // Unknown tokens get 401 before the upgrade.
          await expect(connectApp(config.hubUrl, config.unknownToken)).rejects.toEqual(
            new UpgradeRefused(401),
          );
          seen.checks.push('listed');
          return { result: NO_RESULT };
        },
      });
      expect(outcome.run.status).toBe('passed');
      expect(seen.checks).toEqual(['listed']);
    } finally {
      await mosquitto.stop();
    }
  }, 120_000);

  it('a hub that never prints READY fails the hub task as setup, with its last lines; the fleet and broker are torn down', async () => {
    const outcome = await runHubCertification({
      hub: {
        kind: 'hub-command',
        command: [process.execPath, FAKE_HUB, 'never-ready'],
        display: 'fake',
        readyTimeoutMs: 1_000,
      },
      fleet: FLEET,
      seed: 1,
      runs: 1,
      toolVersion: 'test',
      judge: async () => ({ result: NO_RESULT }),
    });
    expect(outcome.run).toMatchObject({ status: 'failed', task: 'hub' });
    expect((outcome.run.error as Error).message).toMatch(/EDP-HUB READY[\s\S]*still starting 50/);
    expect((outcome.run.error as { exitCode: number }).exitCode).toBe(2);
    expect(outcome.run.teardownErrors).toEqual([]);
  }, 60_000);

  it('a hub that exits mid-run ends the app sessions with a setup error naming the exit', async () => {
    const outcome = await runHubCertification({
      hub: { kind: 'hub-command', command: [process.execPath, FAKE_HUB, 'exit-mid-run'], display: 'fake' },
      fleet: FLEET,
      seed: 1,
      runs: 1,
      toolVersion: 'test',
      hubExitGraceMs: 500,
      judge: () => new Promise(() => undefined),
    });
    expect(outcome.run).toMatchObject({ status: 'failed', task: 'app sessions' });
    expect((outcome.run.error as Error).message).toMatch(
      /exited during certification \(exit code 7\)[\s\S]*hub crashed/,
    );
    expect(outcome.result).toBeUndefined();
  }, 60_000);

  it('after a hub exits mid-run the verdicts the judge has are kept: a broken rule is a verdict, none is setup', async () => {
    for (const failed of [0, 1]) {
      const partial = {
        verdict: failed ? 'not-certified' : 'certified',
        counts: { failed },
      } as unknown as HubCertificationResult;
      const outcome = await runHubCertification({
        hub: { kind: 'hub-command', command: [process.execPath, FAKE_HUB, 'exit-mid-run'], display: 'fake' },
        fleet: FLEET,
        seed: 1,
        runs: 1,
        toolVersion: 'test',
        // The judge finds the hub gone and returns what it judged so far.
        judge: () => new Promise((resolve) => setTimeout(() => resolve({ result: partial }), 1_500)),
      });
      expect(outcome.result).toBe(partial);
      if (failed) expect(outcome.run.status).toBe('passed');
      else expect(outcome.run).toMatchObject({ status: 'failed', task: 'verdict' });
    }
  }, 60_000);

  it('one deadline for the whole run: a judge that hangs is stopped and named', async () => {
    const outcome = await runHubCertification({
      hub: { kind: 'hub-command', command: [process.execPath, FAKE_HUB, 'ready'], display: 'fake' },
      fleet: FLEET,
      seed: 1,
      runs: 1,
      toolVersion: 'test',
      runDeadlineMs: 5_000,
      judgeSettleMs: 500,
      judge: () => new Promise(() => undefined),
    });
    expect(outcome.run).toMatchObject({ status: 'timedout', task: 'app sessions' });
    expect(outcome.hubLines).toContain('stopping on SIGTERM');
  }, 60_000);
});

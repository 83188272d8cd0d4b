/**
 * The tasks of a hub certification run, in order: broker → fleet → hub process and its READY
 * line → app sessions (the judge) → results → verdict. Each fills the run's shared state; the
 * task runner (src/tasks/task-runner.ts) tears them down in reverse. runs/hub/hub-certification.ts
 * is their public face.
 */
import { randomBytes } from 'node:crypto';
import { certifyHub, type HubCertification } from '../../conformance/certify/index.js';
import type { HubGrantPlan } from '../../conformance/suites/hub/index.js';
import { hubConfigApps } from '../../conformance/suites/hub/index.js';
import { type WrittenReports, writeCertificationReports } from '../../reports/index.js';
import type { realClock } from '../../simulators/clock/index.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
  type TokenPolicy,
  tokenMapPolicy,
} from '../../src/broker/index.js';
import { DEFAULT_HUB_DEADLINE_MS, type HubConfig } from '../../src/hub/index.js';
import { FleetcertError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import type { Task } from '../../src/tasks/index.js';
import { freeLoopbackPort } from '../free-port.js';
import type { HubCertificationOptions } from './hub-certification-options.js';
import { type HubFleet, type PlannedDevice, startHubFleet } from './hub-fleet.js';
import { grantsFromConfig, grantsFromPlan } from './hub-grants.js';
import { HubExitedError, type HubProcess, hubUrl, launchHub } from './hub-process.js';
import { waitUntilHubSeesFleet } from './hub-sees-fleet.js';
import { RecordedFleet } from './recorded-fleet.js';
import { wsTokenOf } from './running-hub-fleet.js';

/** After the hub exits mid-run, how long the judge may take to hand over its verdicts (default). */
/** How long a hub that stopped serving may take to be seen exiting. */
const HUB_EXIT_NOTICE_MS = 1_000;
const HUB_EXIT_GRACE_MS = 20_000;

/** What the tasks share, filled as they set up. */
export interface RunState {
  readonly options: HubCertificationOptions;
  readonly logger: Logger;
  readonly clock: ReturnType<typeof realClock>;
  readonly planned: readonly PlannedDevice[];
  broker?: EmbeddedBroker;
  brokerUrl?: string;
  hubPassword: string;
  deviceToken?: string;
  wsToken: string;
  fleet?: HubFleet;
  grants?: HubGrantPlan;
  config?: HubConfig;
  hub?: HubProcess;
  hubUrl?: string;
  result?: CertificationResult;
  /** The judge stopped early because the hub stopped serving (with nothing failed: setup, exit 2). */
  stoppedBy?: string;
  /** The hub process exited during the app sessions. */
  hubExited?: HubExitedError;
  written?: WrittenReports;
}

const brokerTask: Task<RunState> = {
  name: 'broker',
  async setup(state) {
    const { options } = state;
    if (options.hub.kind === 'hub-url') {
      state.brokerUrl = options.hub.config.mqtt?.url;
      return;
    }
    if (options.brokerUrl !== undefined) {
      state.brokerUrl = options.brokerUrl;
      return;
    }
    // The embedded broker: the hub logs in as controller:hub, every device with the run's device token.
    state.deviceToken ??= secret();
    state.broker = await startEmbeddedBroker({
      port: 0,
      auth: createBrokerAuthPolicy({ tokens: hubRunTokens(state.hubPassword, state.deviceToken) }),
      logger: state.logger,
    });
    state.brokerUrl = state.broker.url;
  },
  async teardown(state) {
    await state.broker?.close();
  },
};

const fleetTask: Task<RunState> = {
  name: 'fleet',
  async setup(state) {
    const { options } = state;
    const wsToken = options.hub.kind === 'hub-url' ? (wsTokenOf(options.hub.config) ?? '') : state.wsToken;
    state.fleet = await startHubFleet({
      devices: state.planned,
      ...(state.brokerUrl === undefined ? {} : { brokerUrl: state.brokerUrl }),
      ...(state.deviceToken === undefined ? {} : { deviceToken: state.deviceToken }),
      wsToken,
      seed: options.seed,
      clock: state.clock,
      logger: state.logger,
    });
    const ids = state.planned.map((d) => d.deviceId);
    state.grants =
      options.hub.kind === 'hub-url'
        ? grantsFromConfig(options.hub.config, ids, options.seed)
        : grantsFromPlan(ids, options.seed);
  },
  async teardown(state) {
    await state.fleet?.stop();
  },
};

const hubTask: Task<RunState> = {
  name: 'hub',
  async setup(state) {
    const { options } = state;
    if (options.hub.kind === 'hub-url') {
      state.config = options.hub.config;
      state.hubUrl = options.hub.url;
      return;
    }
    const listen = `127.0.0.1:${await freeLoopbackPort()}`;
    const config: HubConfig = {
      listen,
      ...(state.brokerUrl === undefined
        ? {}
        : { mqtt: { url: state.brokerUrl, username: 'controller:hub', password: state.hubPassword } }),
      ...(state.fleet && state.fleet.wsDevices.length > 0 ? { ws_devices: state.fleet.wsDevices } : {}),
      deadline_ms: options.deadlineMs ?? DEFAULT_HUB_DEADLINE_MS,
      apps: hubConfigApps(state.grants!),
    };
    state.config = config;
    state.hub = await launchHub({
      command: options.hub.command,
      config,
      logger: state.logger,
      ...(options.hub.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: options.hub.readyTimeoutMs }),
      ...(options.hub.cwd === undefined ? {} : { cwd: options.hub.cwd }),
      ...(options.hub.env === undefined ? {} : { env: options.hub.env }),
    });
    state.hubUrl = hubUrl(listen);
  },
  async teardown(state) {
    await state.hub?.stop();
  },
};

const fleetSeenTask: Task<RunState> = {
  name: 'hub sees the fleet',
  async setup(state, signal) {
    const star = state.grants?.apps.find((a) => a.devices === '*');
    if (!star || !state.fleet) return;
    await waitUntilHubSeesFleet(
      state.hubUrl!,
      star.token,
      state.fleet.running.map((d) => d.deviceId),
      { logger: state.logger, signal },
    );
  },
};

/** How long the judge may take, once the run is stopped, to finish its session and hand over its verdicts. */
const SESSIONS_SETTLE_MS = 15_000;

const sessionsTask: Task<RunState> = {
  name: 'app sessions',
  // Stopped (Ctrl-C, the run's deadline): the judge starts no new session and returns what it judged.
  settleMs: (state) => state.options.judgeSettleMs ?? SESSIONS_SETTLE_MS,
  async setup(state, signal) {
    const { options } = state;
    const judge = options.judge ?? certifyHub;
    const grants = state.grants!;
    const hubFleet = state.fleet!;
    // A late device is an MQTT device (the hub finds it from its presence; ws_devices are fixed).
    const lateModel = state.planned.find((d) => d.binding === 'mqtt')?.model;
    const fleet = new RecordedFleet(hubFleet.running, {
      now: () => state.clock.now(),
      ...(state.broker ? { brokerSawLeave: (id: string) => leftBroker(state.broker!, id) } : {}),
      ...(lateModel && state.brokerUrl !== undefined
        ? { startLate: (deviceId: string) => hubFleet.add({ deviceId, model: lateModel, binding: 'mqtt' }) }
        : {}),
      reservedIds: [...grants.ghosts, ...grants.unknown],
    });
    const judged = judge({
      hubUrl: state.hubUrl!,
      target: options.hub.kind === 'hub-command' ? options.hub.display : options.hub.url,
      mode: options.hub.kind === 'hub-command' ? 'hub-command' : 'hub-url',
      apps: grants.apps,
      ghosts: grants.ghosts,
      ungranted: grants.ungranted,
      unknown: grants.unknown,
      unknownToken: grants.unknownToken,
      deadlineMs: state.config!.deadline_ms,
      fleet,
      seed: options.seed,
      runs: options.runs,
      toolVersion: options.toolVersion,
      logger: state.logger,
      signal,
      ...(options.replay ? { replay: options.replay } : {}),
      ...(options.only ? { only: options.only } : {}),
      ...(options.maxCommands === undefined ? {} : { maxCommands: options.maxCommands }),
      ...(options.shrinkTimeLimitMs === undefined ? {} : { shrinkTimeLimitMs: options.shrinkTimeLimitMs }),
      ...(options.sessionTimeLimitMs === undefined ? {} : { timeLimitMs: options.sessionTimeLimitMs }),
      ...(options.replayCommand ? { replayCommand: options.replayCommand } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    const hub = state.hub;
    // A hub that exits mid-run ends the sessions. The judge notices (its connections are refused)
    // and keeps the verdicts it has: it gets a moment to hand them over, so they are written.
    const exited = hub ? hub.exited.then((exit) => ({ exit })) : new Promise<never>(() => undefined);
    const first = await Promise.race([judged, exited]);
    let certification: HubCertification | undefined;
    if ('exit' in first) {
      state.hubExited = new HubExitedError(first.exit, hub!.lastLines());
      const graceMs = options.hubExitGraceMs ?? HUB_EXIT_GRACE_MS;
      let timer: NodeJS.Timeout | undefined;
      certification = await Promise.race([
        judged.catch(() => undefined),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (certification === undefined) throw state.hubExited;
    } else {
      certification = first;
      // The judge may see the hub refuse connections a moment before the process's exit is
      // known: a hub that stopped serving gets that moment, so its exit is what the run names.
      if (certification.stoppedBy !== undefined && hub) {
        let timer: NodeJS.Timeout | undefined;
        const late = await Promise.race([
          exited,
          new Promise<undefined>((resolve) => {
            timer = setTimeout(() => resolve(undefined), HUB_EXIT_NOTICE_MS);
          }),
        ]);
        clearTimeout(timer);
        if (late !== undefined) state.hubExited = new HubExitedError(late.exit, hub.lastLines());
      }
    }
    state.result = certification.result;
    if (certification.stoppedBy !== undefined && certification.result.counts.failed === 0)
      state.stoppedBy = certification.stoppedBy;
    const records = fleet.dropped();
    if (records > 0) state.logger.warn({ dropped: records }, 'device records past the cap were dropped');
  },
};

const resultsTask: Task<RunState> = {
  name: 'results',
  // Also after a stop or a failure: the verdicts judged so far are written, never lost.
  always: true,
  async setup(state) {
    if (state.options.outDir === undefined || state.result === undefined) return;
    state.written = await writeCertificationReports(state.result, { outDir: state.options.outDir });
  },
};

/** After the reports are written: a hub that stopped serving with nothing judged failed is a setup problem. */
const verdictTask: Task<RunState> = {
  name: 'verdict',
  async setup(state) {
    // A rule broken before the hub died is a verdict (exit 1); with nothing broken its exit is setup (exit 2).
    if (state.hubExited) {
      if ((state.result?.counts.failed ?? 0) > 0)
        state.logger.warn({ err: state.hubExited.message }, 'the hub exited during certification');
      else throw state.hubExited;
      return;
    }
    if (state.stoppedBy !== undefined)
      throw new FleetcertError('FLEETCERT_HUB_STOPPED', `the hub stopped serving apps: ${state.stoppedBy}`, {
        exitCode: 2,
      });
  },
};

export const HUB_RUN_TASKS: readonly Task<RunState>[] = [
  brokerTask,
  fleetTask,
  hubTask,
  fleetSeenTask,
  sessionsTask,
  resultsTask,
  verdictTask,
];

/** Resolves once the embedded broker no longer holds the device's connection (its will is out). */
async function leftBroker(broker: EmbeddedBroker, deviceId: string): Promise<void> {
  for (let waited = 0; broker.isConnected(deviceId) && waited < 2_000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/** The embedded broker's logins: the hub as controller:hub, any device (late ones too) with the run's device token. */
export function hubRunTokens(hubPassword: string, deviceToken: string): TokenPolicy {
  const hub = tokenMapPolicy({ 'controller:hub': hubPassword });
  const devices = sharedTokenPolicy(deviceToken);
  return {
    mode: 'map',
    description: 'controller:hub and the fleet, each with its own token',
    accepts: (username, password) =>
      username.startsWith('controller:')
        ? hub.accepts(username, password)
        : devices.accepts(username, password),
  };
}

export function secret(): string {
  return randomBytes(12).toString('base64url');
}

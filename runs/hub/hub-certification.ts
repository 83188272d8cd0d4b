/**
 * A hub certification run (PROTOCOL.md section 8), as a list of named tasks with setup and
 * teardown (runs/task-runner.ts): broker → fleet → hub process and its READY line → app
 * sessions (the judge's `certifyHub`) → results. Teardowns run in reverse, also after a
 * failure; one whole-run deadline and the caller's abort signal (SIGINT at the CLI) race the
 * loop. The hub under test is either a command fleetcert starts with a configuration it writes
 * (`--hub-command`), or a hub that already runs with the partner's configuration file
 * (`--hub URL --hub-config FILE`), whose tokens, grants, broker and WebSocket devices the
 * fleet then follows.
 */
import { randomBytes } from 'node:crypto';
import { certifyHub, type HubCertification } from '../../conformance/certify/certify-hub.js';
import type { HubCertifyConfig } from '../../conformance/suites/hub/hub-certify-config.js';
import type { HubGrantPlan } from '../../conformance/suites/hub/plan-hub-grants.js';
import { hubConfigApps } from '../../conformance/suites/hub/plan-hub-grants.js';
import { type WrittenReports, writeCertificationReports } from '../../reports/index.js';
import { realClock } from '../../simulators/clock/real-clock.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
  type TokenPolicy,
  tokenMapPolicy,
} from '../../src/broker/index.js';
import { FleetcertError, UsageError } from '../../src/errors.js';
import { DEFAULT_HUB_DEADLINE_MS, type HubConfig } from '../../src/hub/index.js';
import { type Logger, silentLogger } from '../../src/log/logger.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import { freeLoopbackPort } from '../free-port.js';
import { runTasks, type Task, type TaskRunOutcome } from '../task-runner.js';
import {
  type HubFleet,
  type HubFleetGroup,
  type PlannedDevice,
  planHubFleet,
  startHubFleet,
} from './hub-fleet.js';
import { grantsFromConfig, grantsFromPlan } from './hub-grants.js';
import { HubExitedError, type HubProcess, hubUrl, launchHub } from './hub-process.js';
import { RecordedFleet } from './recorded-fleet.js';

export type HubUnderTest =
  | {
      readonly kind: 'command';
      /** Program and arguments, from splitHubCommand; `--config FILE` is appended. */
      readonly command: readonly string[];
      /** How the report names it (the command as the user wrote it). */
      readonly display: string;
      readonly cwd?: string;
      readonly env?: Readonly<Record<string, string | undefined>>;
      /** Default 30 s (section 8). */
      readonly readyTimeoutMs?: number;
    }
  | {
      readonly kind: 'running';
      /** `ws://HOST:PORT/edp/1/hub`. */
      readonly url: string;
      /** The configuration the hub was started with (tokens, grants, broker, ws_devices). */
      readonly config: HubConfig;
    };

/** The judge: `certifyHub` of conformance/certify/certify-hub.ts, or a stand-in in tests. */
export type HubJudge = (
  config: HubCertifyConfig & { readonly mode?: 'hub-command' | 'hub-url'; readonly signal?: AbortSignal },
) => Promise<HubCertification>;

export interface HubCertificationOptions {
  readonly hub: HubUnderTest;
  /** The fleet's groups: reference types or partner models, over MQTT. */
  readonly fleet: readonly HubFleetGroup[];
  /** WebSocket devices added to the fleet and to `ws_devices` (opt-in: many hubs are MQTT only). */
  readonly wsDevices?: number;
  /** The user's broker (`--broker`); absent: the embedded one, the hub logging in as `controller:hub`. */
  readonly brokerUrl?: string;
  /** MQTT devices' password on the user's broker (none when absent). */
  readonly deviceToken?: string;
  /** The hub's `controller:hub` password on the user's broker (none when absent). */
  readonly hubBrokerPassword?: string;
  /** D of EDP-HUB-2 written into the configuration (`--hub-command`). Default 2000 ms. */
  readonly deadlineMs?: number;
  readonly seed: number;
  readonly runs: number;
  readonly replay?: HubCertifyConfig['replay'];
  readonly only?: HubCertifyConfig['only'];
  readonly maxCommands?: number;
  readonly shrinkTimeLimitMs?: number;
  /** The app sessions' own limit (results so far kept). Default: the judge's. */
  readonly sessionTimeLimitMs?: number;
  /** The whole run, every task included. Default 10 minutes. */
  readonly runDeadlineMs?: number;
  readonly toolVersion: string;
  /** Where the reports go; absent: the result is returned, nothing written. */
  readonly outDir?: string;
  readonly replayCommand?: HubCertifyConfig['replayCommand'];
  readonly onProgress?: HubCertifyConfig['onProgress'];
  /** Aborting stops the run (SIGINT at the CLI); teardowns still run. */
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
  readonly judge?: HubJudge;
}

export interface HubCertificationOutcome {
  readonly run: TaskRunOutcome;
  readonly result?: CertificationResult;
  readonly written?: WrittenReports;
  /** What the hub printed last (for a setup failure or an exit mid-run). */
  readonly hubLines: readonly string[];
}

export const DEFAULT_RUN_DEADLINE_MS = 600_000;

/** What the tasks share, filled as they set up. */
interface RunState {
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
  written?: WrittenReports;
}

export async function runHubCertification(
  options: HubCertificationOptions,
): Promise<HubCertificationOutcome> {
  const logger = options.logger ?? silentLogger();
  const state: RunState = {
    options,
    logger,
    clock: realClock(),
    planned: plannedDevices(options),
    hubPassword: options.brokerUrl === undefined ? secret() : (options.hubBrokerPassword ?? ''),
    wsToken: options.hub.kind === 'running' ? '' : secret(),
    ...(options.deviceToken === undefined ? {} : { deviceToken: options.deviceToken }),
  };
  const run = await runTasks(TASKS, state, {
    deadlineMs: options.runDeadlineMs ?? DEFAULT_RUN_DEADLINE_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    logger,
  });
  return {
    run,
    ...(state.result ? { result: state.result } : {}),
    ...(state.written ? { written: state.written } : {}),
    hubLines: state.hub?.lastLines() ?? [],
  };
}

const brokerTask: Task<RunState> = {
  name: 'broker',
  async setup(state) {
    const { options } = state;
    if (options.hub.kind === 'running') {
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
    const wsToken = options.hub.kind === 'running' ? wsTokenOf(options.hub.config) : state.wsToken;
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
      options.hub.kind === 'running'
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
    if (options.hub.kind === 'running') {
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

const sessionsTask: Task<RunState> = {
  name: 'app sessions',
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
      target: options.hub.kind === 'command' ? options.hub.display : options.hub.url,
      mode: options.hub.kind === 'command' ? 'hub-command' : 'hub-url',
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
    // A hub that exits mid-run ends the sessions: the run says so instead of judging a dead hub.
    const exited = hub
      ? hub.exited.then((exit) => Promise.reject(new HubExitedError(exit, hub.lastLines())))
      : undefined;
    exited?.catch(() => undefined);
    const certification = await (exited ? Promise.race([judged, exited]) : judged);
    state.result = certification.result;
    if (certification.stoppedBy !== undefined && certification.result.counts.failed === 0)
      state.stoppedBy = certification.stoppedBy;
    const records = fleet.dropped();
    if (records > 0) state.logger.warn({ dropped: records }, 'device records past the cap were dropped');
  },
};

const resultsTask: Task<RunState> = {
  name: 'results',
  async setup(state) {
    if (state.options.outDir === undefined || state.result === undefined) return;
    state.written = await writeCertificationReports(state.result, { outDir: state.options.outDir });
  },
};

/** After the reports are written: a hub that stopped serving with nothing judged failed is a setup problem. */
const verdictTask: Task<RunState> = {
  name: 'verdict',
  async setup(state) {
    if (state.stoppedBy !== undefined)
      throw new FleetcertError('FLEETCERT_HUB_STOPPED', `the hub stopped serving apps: ${state.stoppedBy}`, {
        exitCode: 2,
      });
  },
};

const TASKS: readonly Task<RunState>[] = [
  brokerTask,
  fleetTask,
  hubTask,
  sessionsTask,
  resultsTask,
  verdictTask,
];

function plannedDevices(options: HubCertificationOptions): PlannedDevice[] {
  if (options.hub.kind === 'command') return planHubFleet(options.fleet, options.wsDevices ?? 0);
  // A running hub: MQTT devices by --fleet, WebSocket devices where its ws_devices say they are.
  const { config } = options.hub;
  if (
    config.mqtt === undefined &&
    options.fleet.some((g) => g.count > 0) &&
    (config.ws_devices ?? []).length === 0
  )
    throw new UsageError(
      'the hub configuration has neither mqtt nor ws_devices: there is no way to put a fleet behind it',
    );
  const mqtt = config.mqtt === undefined ? [] : planHubFleet(options.fleet, 0);
  const ws = (config.ws_devices ?? []).map((d): PlannedDevice => {
    const type = d.deviceId.replace(/-\d+$/, '');
    const group = options.fleet.find((g) => g.type === type);
    if (!group)
      throw new UsageError(
        `ws_devices names ${d.deviceId}, but --fleet has no type ${JSON.stringify(type)} to run it as: add ${type}=N to --fleet (or give its model file)`,
      );
    const url = new URL(d.url);
    return {
      deviceId: d.deviceId,
      model: group.model,
      binding: 'ws',
      listen: { host: url.hostname, port: Number(url.port) },
    };
  });
  const wsIds = new Set(ws.map((d) => d.deviceId));
  return [...mqtt.filter((d) => !wsIds.has(d.deviceId)), ...ws];
}

function wsTokenOf(config: HubConfig): string {
  const tokens = new Set((config.ws_devices ?? []).map((d) => d.token));
  if (tokens.size > 1)
    throw new UsageError(
      'the hub configuration gives its WebSocket devices different tokens; fleetcert runs them with one token',
    );
  return [...tokens][0] ?? '';
}

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

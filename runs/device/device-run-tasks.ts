/**
 * A device certification run (PROTOCOL.md sections 1–7), as a list of named tasks on the one
 * task runner (src/tasks/task-runner.ts), the way runs/hub/ composes a hub run: broker → device →
 * reach device → judge → results. The broker starts here, never inside the judge, and the
 * judge is given the device link (and the broker-control port it declares) that the run holds.
 * The device task starts a device only when the run brings its own (the simulator in `npm
 * start` and the tests; a partner's device connects by itself). Teardowns run in reverse (the device leaves before its
 * broker), also after a failure or a stop; the results task runs always, so a stopped run
 * writes the verdicts it has.
 */

import { performance } from 'node:perf_hooks';
import type { ConnectedTarget } from '../../conformance/certify/index.js';
import { judgeDevice, reachDevice, tlsOnlyResult } from '../../conformance/certify/index.js';
import type { CertifyConfig, CertifyTarget } from '../../conformance/settings/index.js';
import { TlsUnreachableError } from '../../conformance/tls/index.js';
import type { TraceFile } from '../../conformance/trace/index.js';
import { type WrittenReports, writeCertificationReports, writeTraceFiles } from '../../reports/index.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
} from '../../src/broker/index.js';
import { UsageError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import type { Task } from '../../src/tasks/index.js';
import type { DeviceRunTarget } from './device-run-target.js';
import { type ListeningBroker, startListenBroker } from './listen-broker.js';

/** Where a device the run starts itself runs: on a broker, or as a WebSocket server of its own. */
export type DevicePlace =
  | {
      readonly kind: 'mqtt';
      readonly url: string;
      /** `mqtts://` (`--listen-tls`): the trust anchor to install and the name to check (section 9). */
      readonly tls?: DeviceTls;
    }
  | { readonly kind: 'ws' };

/** What a device certified over TLS is configured with. */
export interface DeviceTls {
  readonly caPem: string;
  readonly servername: string;
  /** Where plaintext would go if the device fell back (EDP-TLS-6's watcher). */
  readonly plainPort: number;
}

/** A device a run can start and stop: the simulator, or a stand-in. */
export interface StartedDevice {
  /** WebSocket: `ws://HOST:PORT/edp/1`. */
  readonly url?: string;
  stop(): Promise<void>;
}

export type StartDevice = (place: DevicePlace) => Promise<StartedDevice>;

export interface DeviceRunOptions extends Omit<CertifyConfig, 'target' | 'signal' | 'onTrace'> {
  readonly target: DeviceRunTarget;
  /** A device the run starts once its broker is up, and stops before the broker. Default none: it connects by itself. */
  readonly startDevice?: StartDevice;
  /** Where the reports and trace files go; none written when absent. */
  readonly outDir?: string;
  /** Signs result.json, report.html and the trace files (read and checked at the edge). */
  readonly signing?: { readonly signKeyPem: string; readonly signKeySource: string };
  /** Ctrl-C at the edge: the judge starts no new check, the verdicts so far are written (partial). */
  readonly signal?: AbortSignal;
  /** Told of each failure's trace as the judge builds it, besides the run keeping it for its files. */
  readonly onTrace?: (trace: TraceFile) => void;
  /** The whole run. Default: none (the judge's own time limits bound it). */
  readonly runDeadlineMs?: number;
}

export interface DeviceRunState {
  readonly options: DeviceRunOptions;
  readonly logger: Logger;
  listening?: ListeningBroker;
  /** The embedded broker of a run that starts its device on one (`broker` mode without a URL). */
  embedded?: EmbeddedBroker;
  brokerUrl?: string;
  device?: StartedDevice;
  wsUrl?: string;
  /** When the run began: the result's start and duration. */
  readonly since: { readonly startedAt: Date; readonly started: number };
  reached?: ConnectedTarget;
  /**
   * `--listen-tls` and the device never connected with the good certificate: the TLS verdicts
   * are the result (written like any other); the error says what to fix.
   */
  tlsUnreached?: TlsUnreachableError;
  result?: CertificationResult;
  readonly traces: TraceFile[];
  written?: WrittenReports;
  tracePaths?: readonly string[];
}

/** With a broker the run started: a moment for retained presence and model to settle before the judge subscribes. */
const SETTLE_MS = 200;

const brokerTask: Task<DeviceRunState> = {
  name: 'broker',
  async setup(state) {
    const { options } = state;
    const { target } = options;
    if (target.mode === 'listen') {
      state.listening = await startListenBroker(target, options, state.logger, options.signal);
      state.brokerUrl = state.listening.broker.url;
    } else if (target.mode === 'broker') {
      if (target.url !== undefined) {
        state.brokerUrl = target.url;
        return;
      }
      if (options.startDevice === undefined)
        throw new UsageError('a broker certification needs the broker URL (--broker mqtt://HOST:PORT)');
      // The run brings the device and its broker: both log in with the device's token.
      state.embedded = await startEmbeddedBroker({
        port: 0,
        auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(options.token) }),
        logger: state.logger,
      });
      state.brokerUrl = state.embedded.url;
    }
  },
  async teardown(state) {
    await state.listening?.close();
    await state.embedded?.close();
  },
};

const deviceTask: Task<DeviceRunState> = {
  name: 'device',
  async setup(state) {
    const { startDevice, target } = state.options;
    if (startDevice === undefined) return;
    if (target.mode === 'ws') {
      state.device = await startDevice({ kind: 'ws' });
      state.wsUrl = state.device.url;
      return;
    }
    state.device = await startDevice(
      state.listening?.devicePlace ?? { kind: 'mqtt', url: state.brokerUrl as string },
    );
    // On a broker the device may already have published presence: let it be retained first.
    if (target.mode === 'broker') await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  },
  async teardown(state) {
    await state.device?.stop();
  },
};

/** The judge's target: the broker it may control, or a URL. */
function judgeTarget(state: DeviceRunState): CertifyTarget {
  const { target } = state.options;
  switch (target.mode) {
    case 'listen':
      return (state.listening as ListeningBroker).target;
    case 'broker':
      return {
        mode: 'broker',
        url: state.brokerUrl as string,
        ...(target.controllerName === undefined ? {} : { controllerName: target.controllerName }),
        ...(target.mqttVersion === undefined ? {} : { mqttVersion: target.mqttVersion }),
      };
    case 'ws': {
      const url = target.url ?? state.wsUrl;
      if (url === undefined)
        throw new UsageError('a WebSocket certification needs the device URL (--ws URL)');
      return { mode: 'ws', url };
    }
  }
}

/**
 * How long the judge may take, once the run is stopped, to end the run it is in and hand over
 * its verdicts: as long as it takes (its own limits bound it; a second Ctrl-C leaves at once).
 */
const JUDGE_SETTLE_MS = 2 ** 31 - 1;

/** The judge's config: the run's options without what only the run uses. */
function judgeConfig(state: DeviceRunState, signal?: AbortSignal): CertifyConfig {
  const {
    target: _target,
    startDevice: _start,
    outDir: _out,
    signing: _signing,
    runDeadlineMs: _deadline,
    signal: _signal,
    onTrace: listener,
    ...config
  } = state.options;
  return {
    ...config,
    target: judgeTarget(state),
    logger: state.logger,
    onTrace: (trace) => {
      state.traces.push(trace);
      listener?.(trace);
    },
    ...(signal === undefined ? {} : { signal }),
  };
}

/** The device link (and, with `listen`, the broker control) the judge is given; closed here. */
const reachTask: Task<DeviceRunState> = {
  name: 'reach device',
  async setup(state, signal) {
    const reached = await reachDevice(judgeConfig(state)).catch((error: unknown) => {
      if (!(error instanceof TlsUnreachableError)) throw error;
      // The TLS checks were judged before the broker could see the device: keep them.
      state.tlsUnreached = error;
      state.result = tlsOnlyResult(judgeConfig(state), error.tls, {
        startedAt: state.since.startedAt,
        durationMs: performance.now() - state.since.started,
      });
      return undefined;
    });
    if (reached === undefined) return;
    // Reached after the run was stopped (the task was abandoned): nobody will use it.
    if (signal.aborted) await reached.close();
    else state.reached = reached;
  },
  async teardown(state) {
    await state.reached?.close();
  },
};

const judgeTask: Task<DeviceRunState> = {
  name: 'certify',
  settleMs: JUDGE_SETTLE_MS,
  async setup(state, signal) {
    if (state.reached === undefined) return;
    state.result = await judgeDevice(
      judgeConfig(state, signal),
      state.reached as ConnectedTarget,
      state.since,
    );
  },
};

const resultsTask: Task<DeviceRunState> = {
  name: 'results',
  // Also after a stop or a failure: the verdicts judged so far are written, never lost.
  always: true,
  async setup(state) {
    const { outDir, signing } = state.options;
    if (outDir === undefined || state.result === undefined) return;
    state.written = await writeCertificationReports(state.result, { outDir, ...signing });
    state.tracePaths = await writeTraceFiles(state.traces, outDir, signing);
  },
};

export const DEVICE_RUN_TASKS: readonly Task<DeviceRunState>[] = [
  brokerTask,
  deviceTask,
  reachTask,
  judgeTask,
  resultsTask,
];

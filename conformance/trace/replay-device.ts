/**
 * `replayTraces(config, traces)`: reach the device as certification does, check that every
 * trace was recorded against the model in use (same SHA-256, else exit 2 before anything is
 * sent), and replay each trace in turn over one connection, judged by the same judge. The
 * programmatic face of `fleetcert replay`. Loads no generator (a test walks the imports).
 */
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/log/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import { createRequestIdSource } from '../../src/protocol/index.js';
import { connectTarget } from '../certify/connect-target.js';
import { resolveModel } from '../certify/model-source.js';
import { createHarnessContext } from '../harness/harness-context.js';
import { issuedRequestIds } from '../harness/issued-request-ids.js';
import { indexModel } from '../judge/model-index.js';
import { type CertifyConfig, DEFAULT_QUIET_MS, resolveTiming } from '../settings/certify-config.js';
import { TraceModelMismatchError } from './errors.js';
import { replayTrace, type TraceReplayOutcome } from './replay-trace.js';
import type { TraceFile } from './trace-file.js';

export interface ReplayConfig
  extends Pick<
    CertifyConfig,
    | 'target'
    | 'deviceId'
    | 'token'
    | 'responseDeadlineMs'
    | 'notificationDeadlineMs'
    | 'logger'
    | 'requestIdSeed'
  > {
  /** The model to judge against, and where it came from (for messages); read from the device when absent. */
  readonly model?: { readonly model: DeviceModel; readonly sha256: string; readonly source: string };
  readonly toolVersion: string;
  /** Called as each trace is done. */
  readonly onReplayed?: (replayed: ReplayedTrace) => void;
}

export interface LoadedTrace {
  /** Where it was read from, for messages and the JUnit file. */
  readonly source: string;
  readonly trace: TraceFile;
}

export interface ReplayedTrace extends LoadedTrace {
  readonly outcome: TraceReplayOutcome;
}

export interface ReplayRun {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly deviceId: string;
  readonly target: string;
  readonly model: { readonly id: string; readonly sha256: string; readonly source: string };
  readonly replayed: readonly ReplayedTrace[];
}

export async function replayTraces(config: ReplayConfig, traces: readonly LoadedTrace[]): Promise<ReplayRun> {
  if (config.model !== undefined) checkDigests(traces, { id: config.model.model.model, ...config.model });
  const startedAt = new Date();
  const started = performance.now();
  const logger = config.logger ?? silentLogger();
  // Deadlines: the longest any trace was recorded with, never shorter than section 7's.
  const longest = (pick: (t: TraceFile) => number) => Math.max(0, ...traces.map((t) => pick(t.trace)));
  const certifyConfig: CertifyConfig = {
    ...config,
    responseDeadlineMs: Math.max(
      config.responseDeadlineMs ?? 0,
      longest((t) => t.timing.responseDeadlineMs),
    ),
    notificationDeadlineMs: Math.max(
      config.notificationDeadlineMs ?? 0,
      longest((t) => t.timing.notificationDeadlineMs),
    ),
    seed: 0,
    runs: 1,
  };
  const timing = resolveTiming(certifyConfig);
  const target = await connectTarget(certifyConfig);
  try {
    // Ids the model query draws count as sent: its late answers are late, not strangers (EDP-RPC-1).
    const ids = issuedRequestIds(createRequestIdSource(config.requestIdSeed ?? randomInt(1, 2 ** 31 - 1)));
    const inUse = await resolveModel(certifyConfig, target, timing.responseDeadlineMs, () => ids.next());
    const source = config.model?.source ?? `the device (${inUse.source})`;
    const model = { id: inUse.model.model, sha256: inUse.sha256, source };
    checkDigests(traces, model);
    const harness = createHarnessContext(target.link, indexModel(inUse.model), ids, {
      responseDeadlineMs: timing.responseDeadlineMs,
      notificationDeadlineMs: timing.notificationDeadlineMs,
      quietMs: Math.max(
        DEFAULT_QUIET_MS,
        longest((t) => t.timing.quietMs),
      ),
    });
    const replayed: ReplayedTrace[] = [];
    for (const loaded of traces) {
      logger.info(
        { event: 'replay', trace: loaded.source, rule: loaded.trace.rule },
        `replaying ${loaded.source}`,
      );
      const done = { ...loaded, outcome: await replayTrace(harness, loaded.trace) };
      replayed.push(done);
      config.onReplayed?.(done);
    }
    return {
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - started,
      deviceId: config.deviceId,
      target: target.description,
      model,
      replayed,
    };
  } finally {
    await target.close();
  }
}

function checkDigests(
  traces: readonly LoadedTrace[],
  model: { readonly id: string; readonly sha256: string; readonly source: string },
): void {
  for (const { source, trace } of traces) {
    if (trace.model.sha256 !== model.sha256)
      throw new TraceModelMismatchError(source, trace.model, {
        id: model.id,
        sha256: model.sha256,
        from: model.source,
      });
  }
}

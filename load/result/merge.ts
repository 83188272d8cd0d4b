/**
 * `fleetcert load merge`: shard results of one run into the result of the whole run, exactly:
 * counters summed, histograms added bucket by bucket, series added by interval start, rate
 * windows joined; then the thresholds are applied to the whole.
 */
import { FleetcertError } from '../../src/index.js';
import { addCounters } from '../measure/counters.js';
import { type EncodedHistogram, mergeHistograms } from '../measure/histogram.js';
import type { TimeWindow } from '../measure/recorder.js';
import { mergeSeries } from '../measure/series.js';
import { capSamples, withVerdicts } from './build.js';
import { LOAD_RESULT_SCHEMA, type LoadResult } from './types.js';

export class MergeError extends FleetcertError {
  constructor(message: string) {
    super('LOAD_MERGE_MISMATCH', message, { exitCode: 2 });
  }
}

export interface MergeOptions {
  /** Merge even when some shards are missing (the result says which). Default false. */
  readonly allowPartial?: boolean;
}

export function mergeLoadResults(parts: readonly LoadResult[], options: MergeOptions = {}): LoadResult {
  const first = parts[0];
  if (!first) throw new MergeError('nothing to merge: name at least one load-result.json');
  const included: number[] = [];
  parts.forEach((part, i) => {
    if (part.schema !== LOAD_RESULT_SCHEMA)
      throw new MergeError(
        `result ${i + 1} is not a ${LOAD_RESULT_SCHEMA} file (schema ${String(part.schema)})`,
      );
    if (part.scenarioSha256 !== first.scenarioSha256) {
      throw new MergeError(
        `result ${i + 1} ran another scenario (sha256 ${part.scenarioSha256.slice(0, 12)}… vs ${first.scenarioSha256.slice(0, 12)}…); merge only shards of one run`,
      );
    }
    if (part.shards.count !== first.shards.count) {
      throw new MergeError(
        `result ${i + 1} is a shard of ${part.shards.count}, result 1 of ${first.shards.count}`,
      );
    }
    for (const index of part.shards.included) {
      if (included.includes(index))
        throw new MergeError(`shard ${index}/${first.shards.count} appears twice; merge each shard once`);
      included.push(index);
    }
  });
  included.sort((a, b) => a - b);
  const missing = [...Array(first.shards.count).keys()].filter((index) => !included.includes(index));
  if (missing.length > 0 && !options.allowPartial) {
    throw new MergeError(
      `shard(s) ${missing.map((m) => `${m}/${first.shards.count}`).join(', ')} missing; pass every shard's result (or --allow-partial)`,
    );
  }
  const notes = [...new Set(parts.flatMap((part) => part.notes))];
  if (missing.length > 0)
    notes.push(
      `partial merge: shard(s) ${missing.join(', ')} of ${first.shards.count} missing, figures cover the others only`,
    );
  return withVerdicts({
    schema: LOAD_RESULT_SCHEMA,
    tool: first.tool,
    scenario: first.scenario,
    scenarioSha256: first.scenarioSha256,
    seed: first.seed,
    shards: { count: first.shards.count, included },
    startedAt: parts.map((part) => part.startedAt).sort()[0] as string,
    durationMs: Math.max(...parts.map((part) => part.durationMs)),
    intervalMs: first.intervalMs,
    devices: {
      planned: parts.reduce((sum, part) => sum + part.devices.planned, 0),
      withTelemetry: parts.reduce((sum, part) => sum + part.devices.withTelemetry, 0),
    },
    ...mergeApps(parts),
    counters: addCounters(parts.map((part) => part.counters)),
    histograms: {
      connect: mergeHistograms(parts.map((part) => part.histograms.connect)),
      rpc: mergeHistograms(parts.map((part) => part.histograms.rpc)),
      notify: mergeHistograms(parts.map((part) => part.histograms.notify)),
      ...(parts.some((part) => part.histograms.hub)
        ? {
            hub: mergeHistograms(
              parts.map((part) => part.histograms.hub).filter((h): h is EncodedHistogram => h !== undefined),
            ),
          }
        : {}),
    },
    windows: {
      ...joinWindow('connect', parts),
      ...joinWindow('rpc', parts),
      ...joinWindow('notify', parts),
      ...joinWindow('hub', parts),
    },
    series: mergeSeries(parts.map((part) => part.series)),
    errors: capSamples(parts.flatMap((part) => part.errors)),
    notes,
  });
}

/** Hub runs: the scenario's connections, every shard's sockets, commands per connection summed. */
function mergeApps(parts: readonly LoadResult[]): Pick<LoadResult, 'apps'> {
  const figures = parts.map((part) => part.apps).filter((a): a is NonNullable<typeof a> => a !== undefined);
  const first = figures[0];
  if (!first) return {};
  const sentByConnection = new Array<number>(first.connections).fill(0);
  for (const figure of figures)
    figure.sentByConnection.forEach((sent, c) => {
      sentByConnection[c] = (sentByConnection[c] ?? 0) + sent;
    });
  return {
    apps: {
      connections: first.connections,
      sockets: figures.reduce((sum, figure) => sum + figure.sockets, 0),
      sentByConnection,
    },
  };
}

function joinWindow(
  family: 'connect' | 'rpc' | 'notify' | 'hub',
  parts: readonly LoadResult[],
): Partial<Record<typeof family, TimeWindow>> {
  const windows = parts.map((part) => part.windows[family]).filter((w): w is TimeWindow => w !== undefined);
  if (windows.length === 0) return {};
  return {
    [family]: {
      startMs: Math.min(...windows.map((w) => w.startMs)),
      endMs: Math.max(...windows.map((w) => w.endMs)),
    },
  };
}

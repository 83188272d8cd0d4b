/**
 * `--metrics HOST:PORT` and `--metrics-process`, shared by `fleetcert load` and `fleetcert
 * simulate`: resolved at the edge into a listen address (a UsageError naming the fix when bad),
 * then served for the length of the run.
 */
import type { Registry } from 'prom-client';
import type { Argv } from 'yargs';
import { UsageError } from '../../src/index.js';
import {
  type ListenAddress,
  type MetricsServer,
  parseListenAddress,
  serveMetrics,
} from '../../src/metrics/index.js';

export interface MetricsArgs {
  readonly metrics?: string;
  readonly metricsProcess: boolean;
}

export function addMetricsOptions<T>(yargs: Argv<T>): Argv<T & MetricsArgs> {
  return yargs
    .option('metrics', {
      type: 'string',
      describe:
        'Serve live Prometheus metrics at http://HOST:PORT/metrics during the run; a bare PORT listens on 127.0.0.1 only (0.0.0.0:PORT for every interface)',
    })
    .option('metrics-process', {
      type: 'boolean',
      default: false,
      describe:
        "With --metrics: also the process's CPU, memory, event loop lag and GC (prom-client defaults)",
    }) as unknown as Argv<T & MetricsArgs>;
}

/** The address of `--metrics`, or undefined when not given. */
export function resolveMetricsAddress(
  text: string | undefined,
  processMetrics: boolean | undefined = false,
): ListenAddress | undefined {
  if (text === undefined) {
    if (processMetrics)
      throw new UsageError('--metrics-process adds to --metrics: give --metrics HOST:PORT too');
    return undefined;
  }
  const parsed = parseListenAddress(text);
  if (!parsed.ok) throw new UsageError(`--metrics ${parsed.problem}`);
  return parsed.address;
}

/** Starts serving `registry`; says where on `out`. A port in use is a MetricsListenError (exit 2). */
export async function openMetricsEndpoint(
  address: ListenAddress,
  registry: Registry,
  out: NodeJS.WritableStream,
): Promise<MetricsServer> {
  const server = await serveMetrics(registry, address);
  out.write(`metrics: ${server.url}\n`);
  return server;
}

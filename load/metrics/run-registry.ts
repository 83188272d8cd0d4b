/**
 * What the metrics of every load run share, broker or hub (the two registries were near
 * copies): a registry of its own with `shard` on every series, prom-client's process metrics
 * on request, `fleetcert_run_info` (labelled `target` broker or hub), and the device gauges.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import { gaugeFrom, type Sample, single } from '../../src/metrics/index.js';
import type { ShardSpec } from '../plan/devices.js';

export interface LoadMetricsOptions {
  readonly shard: ShardSpec;
  readonly scenario: { readonly name: string; readonly seed: number };
  readonly version: string;
  /** Also prom-client's default process metrics (CPU, memory, event loop lag, GC). */
  readonly processMetrics?: boolean;
}

export const NO_SAMPLES: Sample[] = [];

/** A registry with the run's info gauge; `target` says what is loaded. */
export function runRegistry(options: LoadMetricsOptions, target: 'broker' | 'hub'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ shard: String(options.shard.index) });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  gaugeFrom(registry, {
    name: 'fleetcert_run_info',
    help: 'The run: 1, labelled with what it runs',
    labelNames: ['command', 'target', 'scenario', 'seed', 'shards', 'version'],
    read: () => [
      [
        {
          command: 'load',
          target,
          scenario: options.scenario.name,
          seed: String(options.scenario.seed),
          shards: String(options.shard.count),
          version: options.version,
        },
        1,
      ],
    ],
  });
  return registry;
}

/** `fleetcert_devices` (planned) and `fleetcert_devices_connected` (now); undefined before the run starts. */
export function deviceGauges(
  registry: Registry,
  read: () => { readonly planned: number; readonly connected: number } | undefined,
  help: { readonly planned: string; readonly connected: string },
): void {
  gaugeFrom(registry, {
    name: 'fleetcert_devices',
    help: help.planned,
    read: () => {
      const now = read();
      return now ? single(now.planned) : NO_SAMPLES;
    },
  });
  gaugeFrom(registry, {
    name: 'fleetcert_devices_connected',
    help: help.connected,
    read: () => {
      const now = read();
      return now ? single(now.connected) : NO_SAMPLES;
    },
  });
}

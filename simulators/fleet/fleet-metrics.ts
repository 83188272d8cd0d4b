/**
 * The Prometheus metrics of a running fleet (`fleetcert simulate --fleet … --metrics`), in a
 * registry of its own, read at scrape time from the fleet's counts (in this process, or added
 * up over its worker processes as they report them), so devices pay nothing per message.
 * Names match the load run's where they mean the same; every series carries `shard` (`0`).
 */
import { collectDefaultMetrics, Registry } from 'prom-client';
import { countersFrom, gaugeFrom, type Sample, single } from '../../src/metrics/index.js';
import type { FleetCounts } from './types.js';

export interface FleetMetricsOptions {
  readonly seed: number;
  readonly workers: number;
  readonly version: string;
  /** Also prom-client's default process metrics (of this process, not of the workers). */
  readonly processMetrics?: boolean;
}

/** `counts` reads the fleet's counts now (undefined until it has started: the series read 0, labelled ones have none). */
export function fleetMetrics(counts: () => FleetCounts | undefined, options: FleetMetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ shard: '0' });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const read = (pick: (now: FleetCounts) => number) => (): Sample[] => {
    const now = counts();
    return now ? single(pick(now)) : [];
  };
  const labelled =
    (labels: Readonly<Record<string, string>>, pick: (now: FleetCounts) => number) => (): Sample[] => {
      const now = counts();
      return now ? [[labels, pick(now)]] : [];
    };

  gaugeFrom(registry, {
    name: 'fleetcert_run_info',
    help: 'The run: 1, labelled with what it runs',
    labelNames: ['command', 'seed', 'workers', 'version'],
    read: () => [
      [
        {
          command: 'simulate',
          seed: String(options.seed),
          workers: String(options.workers),
          version: options.version,
        },
        1,
      ],
    ],
  });
  gaugeFrom(registry, {
    name: 'fleetcert_devices',
    help: 'Simulated devices in the fleet',
    read: read((c) => c.target),
  });
  gaugeFrom(registry, {
    name: 'fleetcert_devices_connected',
    help: 'Simulated devices connected now',
    read: read((c) => c.connected),
  });
  gaugeFrom(registry, {
    name: 'fleetcert_devices_connecting',
    help: 'Connection handshakes under way',
    read: read((c) => c.connecting),
  });
  countersFrom(registry, {
    name: 'fleetcert_connects_total',
    help: 'Connections made (first connects and reconnects)',
    read: read((c) => c.everConnected + c.reconnects),
  });
  countersFrom(registry, {
    name: 'fleetcert_reconnects_total',
    help: 'Connections made again after a loss (EDP-MQTT-2 backoff)',
    read: read((c) => c.reconnects),
  });
  countersFrom(registry, {
    name: 'fleetcert_connect_errors_total',
    help: 'Device link errors (refused logins, failed connects, broken connections)',
    read: read((c) => c.errors),
  });
  countersFrom(registry, {
    name: 'fleetcert_disconnects_total',
    help: 'Connections that went down (lost, or closed on stop)',
    read: read((c) => c.disconnects),
  });
  countersFrom(registry, {
    name: 'fleetcert_messages_in_total',
    help: 'Messages the devices received: request frames (good or bad)',
    labelNames: ['kind'],
    read: labelled({ kind: 'request' }, (c) => c.framesServed),
  });
  countersFrom(registry, {
    name: 'fleetcert_messages_out_total',
    help: 'Messages the devices published on their own: telemetry notifications',
    labelNames: ['kind'],
    read: labelled({ kind: 'notification' }, (c) => c.telemetryNotifications),
  });
  countersFrom(registry, {
    name: 'fleetcert_telemetry_steps_total',
    help: 'Behaviour steps taken (each may make notifications)',
    read: read((c) => c.telemetrySteps),
  });
  countersFrom(registry, {
    name: 'fleetcert_errors_total',
    help: 'Errors noticed, by kind',
    labelNames: ['kind'],
    read: labelled({ kind: 'link' }, (c) => c.errors),
  });
  return registry;
}

/**
 * Counters and gauges whose values are read at scrape time from the counts a run already keeps
 * (the load recorder, the fleet's counts), so the hot paths pay nothing for metrics: no label
 * lookups and no allocation per message. prom-client renders them; `collect` refreshes them.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** One series: its labels (beyond the registry's `shard`) and its value. */
export type Sample = readonly [labels: Readonly<Record<string, string>>, value: number];

export interface ReadMetricConfig {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  /** The series now; counters must never go down between scrapes of one run. */
  readonly read: () => Iterable<Sample>;
}

const UNLABELLED: Readonly<Record<string, string>> = {};

/** What prom-client needs of either kind: the name, help and labels, in `registry`. */
function metricOptions(registry: Registry, config: ReadMetricConfig) {
  return { name: config.name, help: config.help, labelNames: config.labelNames ?? [], registers: [registry] };
}

/** A counter (monotonic). One unlabelled series: `read: () => single(value)`. */
export function countersFrom(registry: Registry, config: ReadMetricConfig): Counter {
  const { read } = config;
  return new Counter({
    ...metricOptions(registry, config),
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.inc(labels, value);
    },
  });
}

/** A gauge: each scrape sets the series `read` gives now. */
export function gaugeFrom(registry: Registry, config: ReadMetricConfig): Gauge {
  const { read } = config;
  return new Gauge({
    ...metricOptions(registry, config),
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.set(labels, value);
    },
  });
}

/** The only series of an unlabelled metric. */
export function single(value: number): Sample[] {
  return [[UNLABELLED, value]];
}

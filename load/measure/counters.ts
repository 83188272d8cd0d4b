/**
 * The counts of a load run. Stored counters are the ones that cannot be derived; `errors`
 * and `lost` sums are derived so that a merge of shards adds only independent figures.
 */
import type { MetricFamily } from '../thresholds/metrics.js';

export interface ConnectCounters {
  attempts: number;
  count: number;
  failed: number;
  disconnects: number;
  reconnects: number;
}

export interface RpcCounters {
  sent: number;
  answered: number;
  lost: number;
  late: number;
  duplicated: number;
  wrong: number;
  misdelivered: number;
  unavailable: number;
}

export interface NotifyCounters {
  published: number;
  delivered: number;
  duplicated: number;
  reordered: number;
  skipped: number;
}

export interface LoadCounters {
  connect: ConnectCounters;
  rpc: RpcCounters;
  notify: NotifyCounters;
}

export function zeroCounters(): LoadCounters {
  return {
    connect: { attempts: 0, count: 0, failed: 0, disconnects: 0, reconnects: 0 },
    rpc: { sent: 0, answered: 0, lost: 0, late: 0, duplicated: 0, wrong: 0, misdelivered: 0, unavailable: 0 },
    notify: { published: 0, delivered: 0, duplicated: 0, reordered: 0, skipped: 0 },
  };
}

/** Sums counters member by member (shard merge). */
export function addCounters(parts: readonly LoadCounters[]): LoadCounters {
  const total = zeroCounters();
  for (const part of parts) {
    for (const family of ['connect', 'rpc', 'notify'] as const) {
      const into = total[family] as unknown as Record<string, number>;
      for (const [name, value] of Object.entries(part[family])) into[name] = (into[name] ?? 0) + value;
    }
  }
  return total;
}

/** Any counter by its threshold name, derived ones included (`rpc.errors`, `notify.lost`). */
export function counterValue(counters: LoadCounters, family: MetricFamily, name: string): number {
  if (family === 'rpc' && name === 'errors') {
    const rpc = counters.rpc;
    return rpc.lost + rpc.duplicated + rpc.wrong + rpc.misdelivered;
  }
  if (family === 'notify' && name === 'lost') return notifyLost(counters.notify);
  if (family === 'notify' && name === 'errors') {
    const notify = counters.notify;
    return notifyLost(notify) + notify.duplicated + notify.reordered;
  }
  const value = (counters[family] as unknown as Record<string, number>)[name];
  if (value === undefined) throw new RangeError(`no counter ${family}.${name}`);
  return value;
}

/** Published but never received (a notification received late is still delivered). */
export function notifyLost(notify: NotifyCounters): number {
  return Math.max(0, notify.published - notify.delivered);
}

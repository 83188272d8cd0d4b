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
  /** Repeats of an answer at QoS 1: at-least-once delivery working as meant, not an error. */
  redelivered: number;
  wrong: number;
  misdelivered: number;
  unavailable: number;
}

export interface NotifyCounters {
  published: number;
  delivered: number;
  duplicated: number;
  /** Repeats of a telemetry update at QoS 1: at-least-once delivery working as meant, not an error. */
  redelivered: number;
  reordered: number;
  skipped: number;
  /** Hub scenarios: notifications delivered to a connection not subscribed to (or not granted) the device. */
  leaked: number;
}

/**
 * App commands through a hub (PROTOCOL.md section 8), each checked against the fleet's records.
 * `offline`, `timeout` and `busy` are the hub's -4010, -4011 and -4013, counted apart.
 */
export interface HubCounters {
  sent: number;
  answered: number;
  lost: number;
  duplicated: number;
  wrong: number;
  misdelivered: number;
  wrongApp: number;
  forwardedTwice: number;
  offline: number;
  timeout: number;
  busy: number;
  refused: number;
}

export interface LoadCounters {
  connect: ConnectCounters;
  rpc: RpcCounters;
  notify: NotifyCounters;
  /** Hub scenarios only (absent in broker results). */
  hub?: HubCounters;
}

export function zeroHubCounters(): HubCounters {
  return {
    sent: 0,
    answered: 0,
    lost: 0,
    duplicated: 0,
    wrong: 0,
    misdelivered: 0,
    wrongApp: 0,
    forwardedTwice: 0,
    offline: 0,
    timeout: 0,
    busy: 0,
    refused: 0,
  };
}

export function zeroCounters(): LoadCounters {
  return {
    connect: { attempts: 0, count: 0, failed: 0, disconnects: 0, reconnects: 0 },
    rpc: {
      sent: 0,
      answered: 0,
      lost: 0,
      late: 0,
      duplicated: 0,
      redelivered: 0,
      wrong: 0,
      misdelivered: 0,
      unavailable: 0,
    },
    notify: {
      published: 0,
      delivered: 0,
      duplicated: 0,
      redelivered: 0,
      reordered: 0,
      skipped: 0,
      leaked: 0,
    },
  };
}

/** Sums counters member by member (shard merge). */
export function addCounters(parts: readonly LoadCounters[]): LoadCounters {
  const total = zeroCounters();
  for (const part of parts) {
    for (const family of ['connect', 'rpc', 'notify', 'hub'] as const) {
      const from = part[family];
      if (from === undefined) continue;
      if (family === 'hub') total.hub ??= zeroHubCounters();
      const into = total[family] as unknown as Record<string, number>;
      for (const [name, value] of Object.entries(from)) into[name] = (into[name] ?? 0) + value;
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
  if (family === 'hub' && name === 'errors') {
    const hub = counters.hub ?? zeroHubCounters();
    return hub.lost + hub.duplicated + hub.wrong + hub.misdelivered + hub.wrongApp + hub.forwardedTwice;
  }
  if (family === 'notify' && name === 'lost') return notifyLost(counters.notify);
  if (family === 'notify' && name === 'errors') {
    const notify = counters.notify;
    return notifyLost(notify) + notify.duplicated + notify.reordered + (notify.leaked ?? 0);
  }
  const members = (family === 'hub'
    ? (counters.hub ?? zeroHubCounters())
    : counters[family]) as unknown as Record<string, number>;
  // Results written before a counter existed read it as 0.
  if ((family === 'notify' && name === 'leaked') || name === 'redelivered') return members[name] ?? 0;
  const value = members[name];
  if (value === undefined) throw new RangeError(`no counter ${family}.${name}`);
  return value;
}

/** Published but never received (a notification received late is still delivered). */
export function notifyLost(notify: NotifyCounters): number {
  return Math.max(0, notify.published - notify.delivered);
}

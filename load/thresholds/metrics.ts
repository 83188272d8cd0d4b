/**
 * What a threshold can name: three measured families (connect, rpc, notify), each with
 * latency aggregations over its HdrHistogram, counters, and a rate. The catalogue is data so
 * that the parser's error message lists exactly what exists.
 */

export type MetricFamily = 'connect' | 'rpc' | 'notify' | 'hub';
export const METRIC_FAMILIES: readonly MetricFamily[] = ['connect', 'rpc', 'notify', 'hub'];

/**
 * Latency names that read better in a hub scenario: `hub.rtt.p99` is `hub.p99` (app command
 * round trip from its intended send time), `notify.fanout.p99` is `notify.p99` (device
 * notification to each subscriber).
 */
export const LATENCY_ALIASES: Readonly<Partial<Record<MetricFamily, string>>> = {
  hub: 'rtt',
  notify: 'fanout',
};

export interface CounterInfo {
  readonly description: string;
  /** The counter a percentage is taken of (`rpc.lost<0.1%` is 0.1 % of `rpc.sent`). */
  readonly base: string;
}

/** Counters by family; the names are the ones thresholds, results and reports use. */
export const COUNTERS: Readonly<Record<MetricFamily, Readonly<Record<string, CounterInfo>>>> = {
  connect: {
    attempts: { description: 'connection attempts (planned connects)', base: 'attempts' },
    count: { description: 'connections made', base: 'attempts' },
    failed: { description: 'planned connects that never succeeded', base: 'attempts' },
    disconnects: { description: 'connections lost while they should have stayed up', base: 'count' },
    reconnects: { description: 'connections made again after a loss', base: 'count' },
  },
  rpc: {
    sent: { description: 'requests sent', base: 'sent' },
    answered: { description: 'requests answered correctly within the deadline', base: 'sent' },
    lost: { description: 'requests not answered within the deadline', base: 'sent' },
    late: { description: 'answers that came after the deadline (also counted lost)', base: 'sent' },
    duplicated: {
      description: 'answers received more than once (QoS 0; at QoS 1 see redelivered)',
      base: 'sent',
    },
    redelivered: {
      description: 'extra copies of answers at QoS 1 (at least once; not errors)',
      base: 'sent',
    },
    wrong: {
      description: 'answers that differ from what the device replied, or name the wrong device',
      base: 'sent',
    },
    misdelivered: { description: 'answers delivered to a controller that did not ask', base: 'sent' },
    unavailable: {
      description: 'requests not sent because the target device was not connected',
      base: 'sent',
    },
    errors: { description: 'lost + duplicated + wrong + misdelivered', base: 'sent' },
  },
  notify: {
    published: { description: 'notifications the devices published', base: 'published' },
    delivered: { description: 'distinct notifications received', base: 'published' },
    lost: { description: 'published but never received', base: 'published' },
    duplicated: {
      description: 'received more than once (QoS 0; at QoS 1 see redelivered)',
      base: 'published',
    },
    redelivered: { description: 'extra copies at QoS 1 (at least once; not errors)', base: 'published' },
    reordered: { description: 'received after a later one of the same device', base: 'published' },
    skipped: { description: 'not published because the device was not connected', base: 'published' },
    leaked: {
      description:
        'hub scenarios: delivered to an app connection not subscribed to or not granted the device',
      base: 'published',
    },
    errors: { description: 'lost + duplicated + reordered + leaked', base: 'published' },
  },
  hub: {
    sent: { description: 'app commands sent to the hub', base: 'sent' },
    answered: { description: "commands answered with the device's own answer (fleet records)", base: 'sent' },
    lost: { description: 'commands with no response by the end of the drain', base: 'sent' },
    duplicated: { description: 'commands answered more than once', base: 'sent' },
    wrong: { description: "answers that differ from the device's recorded answer", base: 'sent' },
    misdelivered: {
      description: 'commands the named device never received (another device did)',
      base: 'sent',
    },
    wrongApp: {
      description: 'answers delivered to a connection that did not send the command',
      base: 'sent',
    },
    forwardedTwice: { description: 'commands a device received more than once', base: 'sent' },
    offline: { description: 'answered -4010 device offline', base: 'sent' },
    timeout: { description: 'answered -4011 device did not answer in time', base: 'sent' },
    busy: { description: 'answered -4013 busy', base: 'sent' },
    refused: { description: 'answered another hub error (-32602, -4012, ...)', base: 'sent' },
    errors: {
      description: 'lost + duplicated + wrong + misdelivered + wrongApp + forwardedTwice',
      base: 'sent',
    },
  },
};

export const LATENCY_AGGREGATIONS = [
  'p50',
  'p90',
  'p95',
  'p99',
  'p99.9',
  'pNN',
  'min',
  'max',
  'avg',
] as const;

/** What each family's rate means, for messages and reports. */
export const RATE_MEANING: Readonly<Record<MetricFamily, string>> = {
  connect: 'connections made per second while devices were connecting',
  rpc: 'requests answered per second over the traffic window',
  notify: 'notifications delivered per second over the traffic window',
  hub: 'app commands answered per second over the traffic window',
};

export function isMetricFamily(value: string): value is MetricFamily {
  return (METRIC_FAMILIES as readonly string[]).includes(value);
}

/** One line per family, for the parser's error messages and `--help`. */
export function describeMetrics(): string {
  return METRIC_FAMILIES.map(
    (family) =>
      `${family}.${LATENCY_ALIASES[family] ? `[${LATENCY_ALIASES[family]}.]` : ''}{${LATENCY_AGGREGATIONS.join('|')}} (latency), ${family}.rate, ${family}.{${Object.keys(COUNTERS[family]).join('|')}}`,
  ).join('; ');
}

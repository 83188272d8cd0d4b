/**
 * The Prometheus metrics of one load run (or shard), in a registry of its own (never
 * prom-client's global one: two runs in one process never share a series). Every value is read
 * at scrape time from the run's live view (./live.ts); until the run has started, they read 0
 * (labelled ones have no series yet). Every series carries `shard` (0 for an unsharded run).
 */
import type { Registry } from 'prom-client';
import {
  countersFrom,
  gaugeFrom,
  registerHdrHistogram,
  type Sample,
  single,
} from '../../src/metrics/index.js';
import { REQUEST_OUTCOMES } from '../measure/request-tally.js';
import type { ErrorSample } from '../result/types.js';
import type { LoadLive } from './live.js';
import { deviceGauges, type LoadMetricsOptions, NO_SAMPLES, runRegistry } from './run-registry.js';

export type { LoadMetricsOptions } from './run-registry.js';

/** Every error kind, so each has a series (at 0) from the start. */
const ERROR_KINDS = Object.keys({
  lost: 0,
  late: 0,
  duplicated: 0,
  wrong: 0,
  misdelivered: 0,
  unavailable: 0,
  'notify-unknown': 0,
  'connect-failed': 0,
  disconnect: 0,
  'wrong-app': 0,
  'forwarded-twice': 0,
  leaked: 0,
  'hub-error': 0,
} satisfies Record<ErrorSample['kind'], 0>);

export class LoadMetrics {
  readonly registry: Registry;
  #live: LoadLive | undefined;

  constructor(options: LoadMetricsOptions) {
    const registry = runRegistry(options, 'broker');
    this.registry = registry;
    const live = (read: (live: LoadLive) => Sample[]) => () => (this.#live ? read(this.#live) : NO_SAMPLES);

    deviceGauges(
      registry,
      () =>
        this.#live ? { planned: this.#live.devices, connected: this.#live.driver.connectedCount } : undefined,
      { planned: 'Simulated devices this run (shard) plans', connected: 'Simulated devices connected now' },
    );
    countersFrom(registry, {
      name: 'fleetcert_connect_attempts_total',
      help: 'Planned connects started',
      read: live((l) => single(l.counters.connect.attempts)),
    });
    countersFrom(registry, {
      name: 'fleetcert_connects_total',
      help: 'Connections made (first connects and reconnects)',
      read: live((l) => single(l.counters.connect.count)),
    });
    countersFrom(registry, {
      name: 'fleetcert_reconnects_total',
      help: 'Connections made again after a loss (EDP-MQTT-2 backoff)',
      read: live((l) => single(l.counters.connect.reconnects)),
    });
    countersFrom(registry, {
      name: 'fleetcert_connect_errors_total',
      help: 'Connection errors: link errors, and planned connects that never came up',
      read: live((l) => single(l.errors.get('connect-failed') ?? 0)),
    });
    countersFrom(registry, {
      name: 'fleetcert_disconnects_total',
      help: 'Connections lost while the plan had them up',
      read: live((l) => single(l.counters.connect.disconnects)),
    });
    countersFrom(registry, {
      name: 'fleetcert_messages_out_total',
      help: 'Messages fleetcert published: requests (controllers), replies and telemetry notifications (devices)',
      labelNames: ['kind'],
      read: live((l) => [
        [{ kind: 'request' }, l.counters.rpc.sent],
        [{ kind: 'reply' }, l.traffic.repliesOut],
        [{ kind: 'notification' }, l.counters.notify.published],
      ]),
    });
    countersFrom(registry, {
      name: 'fleetcert_messages_in_total',
      help: 'Messages the controllers received: answers (rpc/reply) and notifications (events)',
      labelNames: ['kind'],
      read: live((l) => [
        [{ kind: 'reply' }, l.traffic.repliesIn],
        [{ kind: 'notification' }, l.traffic.notificationsIn],
      ]),
    });
    countersFrom(registry, {
      name: 'fleetcert_requests_sent_total',
      help: 'Requests sent, by EDP method',
      labelNames: ['method'],
      read: live((l) =>
        [...l.requests.methods()].map((method) => [{ method }, l.requests.count(method, 'sent')]),
      ),
    });
    countersFrom(registry, {
      name: 'fleetcert_request_outcomes_total',
      help: 'What became of requests, by method: answered correctly, lost, late, duplicated, wrong, misdelivered, unavailable (not sent)',
      labelNames: ['method', 'outcome'],
      read: live((l) =>
        [...l.requests.methods()].flatMap((method) =>
          REQUEST_OUTCOMES.filter((outcome) => outcome !== 'sent').map(
            (outcome): Sample => [{ method, outcome }, l.requests.count(method, outcome)],
          ),
        ),
      ),
    });
    countersFrom(registry, {
      name: 'fleetcert_notifications_total',
      help: 'Telemetry notifications checked: delivered, duplicated, redelivered (QoS 1, not an error), reordered; skipped (device not connected)',
      labelNames: ['outcome'],
      read: live((l) => [
        [{ outcome: 'delivered' }, l.counters.notify.delivered],
        [{ outcome: 'duplicated' }, l.counters.notify.duplicated],
        [{ outcome: 'redelivered' }, l.counters.notify.redelivered],
        [{ outcome: 'reordered' }, l.counters.notify.reordered],
        [{ outcome: 'skipped' }, l.counters.notify.skipped],
      ]),
    });
    countersFrom(registry, {
      name: 'fleetcert_errors_total',
      help: "Errors noticed, by kind (the kinds of the result's error examples)",
      labelNames: ['kind'],
      read: live((l) => ERROR_KINDS.map((kind): Sample => [{ kind }, l.errors.get(kind) ?? 0])),
    });
    countersFrom(registry, {
      name: 'fleetcert_load_late_sends_total',
      help: 'Requests the generator sent more than 100 ms after their intended time (it ran out of CPU)',
      read: live((l) => single(l.driver.lateSends)),
    });
    gaugeFrom(registry, {
      name: 'fleetcert_load_max_send_lag_seconds',
      help: "Largest delay so far between a request's intended time and its sending",
      read: live((l) => single(Math.max(0, l.driver.maxLagMs) / 1000)),
    });
    registerHdrHistogram(registry, {
      name: 'fleetcert_request_duration_seconds',
      help: 'Request round trip of correct answers, from the intended send time (open model)',
      source: () => this.#live?.latency.rpc,
    });
    registerHdrHistogram(registry, {
      name: 'fleetcert_connect_duration_seconds',
      help: 'Connect time of planned connects, from the planned time to presence online',
      source: () => this.#live?.latency.connect,
    });
    registerHdrHistogram(registry, {
      name: 'fleetcert_notification_delay_seconds',
      help: 'Telemetry delivery delay, from the intended publish time',
      source: () => this.#live?.latency.notify,
    });
  }

  /** Called by runLoad (its `onLive` option) once the run's counts exist. */
  readonly watch = (live: LoadLive): void => {
    this.#live = live;
  };
}

/**
 * The Prometheus metrics of a hub load run (or shard), in a registry of its own, read at
 * scrape time from the run's live view (load/hub/hub-live.ts). Live while the run goes on:
 * commands sent by method, first answers (result or error, errors by code: -4010, -4011,
 * -4013 apart), answers to the wrong app connection, overdue commands, the round-trip
 * histogram, notifications received and leaked, devices and app connections connected. After
 * the count against the fleet's records (`fleetcert_hub_counted` 1): every command and
 * notification outcome of the result file, and the notification fan-out histogram. Every series
 * carries `shard`.
 */
import type { Registry } from 'prom-client';
import {
  countersFrom,
  gaugeFrom,
  registerHdrHistogram,
  type Sample,
  single,
} from '../../src/metrics/index.js';
import type { HubLoadLive } from '../hub/hub-live.js';
import type { HubCounters } from '../measure/counters.js';
import { counterValue, zeroHubCounters } from '../measure/counters.js';
import { deviceGauges, type LoadMetricsOptions, NO_SAMPLES, runRegistry } from './run-registry.js';

const METHODS = {
  get: 'devices.get_properties',
  set: 'devices.set_properties',
  action: 'devices.action',
} as const;
const COMMAND_OUTCOMES = Object.keys(zeroHubCounters()).filter((k) => k !== 'sent') as (keyof HubCounters)[];
const NOTIFY_OUTCOMES = ['published', 'delivered', 'lost', 'duplicated', 'reordered', 'leaked'] as const;

export class HubLoadMetrics {
  readonly registry: Registry;
  #live: HubLoadLive | undefined;

  constructor(options: LoadMetricsOptions) {
    const registry = runRegistry(options, 'hub');
    this.registry = registry;
    const live = (read: (live: HubLoadLive) => Sample[]) => () =>
      this.#live ? read(this.#live) : NO_SAMPLES;

    deviceGauges(
      registry,
      () =>
        this.#live ? { planned: this.#live.devices, connected: this.#live.devicesConnected() } : undefined,
      {
        planned: 'Simulated devices behind the hub this run (shard) runs',
        connected: 'Simulated devices online now (connected to the broker, or their WebSocket up)',
      },
    );
    gaugeFrom(registry, {
      name: 'fleetcert_hub_app_connections',
      help: 'App connections this run (shard) opens to the hub',
      read: live((l) => single(l.apps)),
    });
    gaugeFrom(registry, {
      name: 'fleetcert_hub_app_connections_open',
      help: 'App connections open now',
      read: live((l) => single(l.appsConnected())),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_commands_sent_total',
      help: 'App commands sent through the Hub API, by method',
      labelNames: ['method'],
      read: live((l) =>
        (Object.keys(METHODS) as (keyof typeof METHODS)[]).map((kind) => [
          { method: METHODS[kind] },
          l.live.sentByKind[kind],
        ]),
      ),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_answers_total',
      help: 'First answers on the app connection that asked: with a result, or with an error',
      labelNames: ['kind'],
      read: live((l) => [
        [{ kind: 'result' }, l.live.results],
        [{ kind: 'error' }, l.live.errors],
      ]),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_error_answers_total',
      help: 'First answers with an error, by code (-4010 offline, -4011 timeout, -4012 not granted, -4013 busy, a device’s code of section 3, or other)',
      labelNames: ['code'],
      read: live((l) => [...l.live.errorCodes].map(([code, n]): Sample => [{ code: String(code) }, n])),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_answers_wrong_app_total',
      help: 'Answers that reached another app connection than the one that asked (EDP-HUB-1)',
      read: live((l) => single(l.live.wrongApp)),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_answers_again_total',
      help: 'Answers beyond the first to one app request (EDP-HUB-2: exactly one)',
      read: live((l) => single(l.live.answeredAgain)),
    });
    gaugeFrom(registry, {
      name: 'fleetcert_hub_commands_overdue',
      help: 'Commands sent more than deadline + 1 s ago and still unanswered (lost so far)',
      read: live((l) => single(l.overdue())),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_notifications_received_total',
      help: 'Notifications received by subscribed app connections: device changes and events, presence',
      labelNames: ['kind'],
      read: live((l) => [
        [{ kind: 'notification' }, l.live.notifications],
        [{ kind: 'presence' }, l.live.presence],
      ]),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_notifications_leaked_total',
      help: 'Notifications that reached an app connection not subscribed to (or not granted) the device (EDP-HUB-3, EDP-HUB-5)',
      read: live((l) => single(l.live.leaked)),
    });
    registerHdrHistogram(registry, {
      name: 'fleetcert_hub_request_duration_seconds',
      help: "App command round trip through the hub (device answers; not the hub's own -401x), from the intended send time",
      source: () => this.#live?.live.rtt,
    });
    gaugeFrom(registry, {
      name: 'fleetcert_hub_counted',
      help: "1 once the run is counted against the fleet's records (the *_counted_total series then hold the result file's figures)",
      read: live((l) => single(l.live.counted ? 1 : 0)),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_commands_counted_total',
      help: "App commands by outcome, judged against the fleet's records at the end of the run (0 until then)",
      labelNames: ['outcome'],
      read: live((l) =>
        ['sent', ...COMMAND_OUTCOMES].map(
          (outcome): Sample => [{ outcome }, l.live.counted?.hub?.[outcome as keyof HubCounters] ?? 0],
        ),
      ),
    });
    countersFrom(registry, {
      name: 'fleetcert_hub_notifications_counted_total',
      help: "Notifications due to each subscriber by outcome, judged against the fleet's records at the end (0 until then)",
      labelNames: ['outcome'],
      read: live((l) =>
        NOTIFY_OUTCOMES.map(
          (outcome): Sample => [
            { outcome },
            l.live.counted ? counterValue(l.live.counted, 'notify', outcome) : 0,
          ],
        ),
      ),
    });
    registerHdrHistogram(registry, {
      name: 'fleetcert_hub_notification_fanout_seconds',
      help: 'Device notification to each subscriber, from the device’s send (after the count)',
      source: () => this.#live?.live.countedFanout,
    });
  }

  /** Called by runHubLoad (its `onLive` option) once the run's counts exist. */
  readonly watch = (live: HubLoadLive): void => {
    this.#live = live;
  };
}

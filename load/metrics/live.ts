/**
 * What a running load shows while it runs: a read-only view of the counts it already keeps
 * (recorder, error samples, request tally, driver), handed out by `runLoad` once the run's
 * parts exist. The metrics endpoint reads it at each scrape; nothing is copied per message.
 */
import type { Histogram } from 'hdr-histogram-js';
import type { LoadCounters } from '../measure/counters.js';
import type { RequestTally } from '../measure/request-tally.js';
import type { ControllerHooks } from '../runner/controllers.js';
import type { PoolHooks } from '../runner/pool.js';

/** Messages that the hooks see go by, counted raw (whatever the checkers make of them). */
export interface TrafficCounts {
  /** Answers received by the controllers (`rpc/reply`). */
  repliesIn: number;
  /** Notifications received by the controllers (`events`). */
  notificationsIn: number;
  /** Replies the simulated devices sent. */
  repliesOut: number;
}

export interface LoadLive {
  /** The devices this run (or shard) plans. */
  readonly devices: number;
  readonly counters: Readonly<LoadCounters>;
  readonly latency: { readonly connect: Histogram; readonly rpc: Histogram; readonly notify: Histogram };
  readonly requests: RequestTally;
  readonly traffic: Readonly<TrafficCounts>;
  /** Errors noticed so far, by error-sample kind (every one, kept as an example or not). */
  readonly errors: ReadonlyMap<string, number>;
  /** The driver's live figures: devices connected now, and its own lag behind the schedule. */
  readonly driver: { readonly connectedCount: number; readonly lateSends: number; readonly maxLagMs: number };
}

export function zeroTraffic(): TrafficCounts {
  return { repliesIn: 0, notificationsIn: 0, repliesOut: 0 };
}

/** `hooks` with every message counted on the way through (one increment, no allocation). */
export function countingHooks(
  hooks: PoolHooks & ControllerHooks,
  counts: TrafficCounts,
): PoolHooks & ControllerHooks {
  return {
    up: (slot) => hooks.up(slot),
    down: (slot) => hooks.down(slot),
    error: (slot, error) => hooks.error(slot, error),
    published: (slot, intendedMs) => hooks.published(slot, intendedMs),
    replied: (slot, id, text) => {
      counts.repliesOut++;
      hooks.replied(slot, id, text);
    },
    reply: (controller, deviceId, payload) => {
      counts.repliesIn++;
      hooks.reply(controller, deviceId, payload);
    },
    event: (controller, deviceId, payload) => {
      counts.notificationsIn++;
      hooks.event(controller, deviceId, payload);
    },
  };
}

/**
 * The binding-layer planted faults (docs/faults.md, layer "binding"): how a device's replies
 * and notifications reach the wire, and how it treats its connections. Both bindings (MQTT,
 * WebSocket) ask this object at each opportunity; every decision with a rate below 1 draws
 * from the device's own seeded stream, so a faulty run replays from its seed.
 * A conformant device has no `BindingFaults` at all (`bindingFaults` gives `undefined`),
 * so a fleet of healthy devices pays nothing for this.
 */

import type { Random } from '../../../src/index.js';
import { RESPONSE_DEADLINE_MS } from '../../../src/protocol/index.js';
import type { SimClock, TimerRef } from '../../clock/types.js';
import { hasFault, shouldFire } from '../should-fire.js';
import { BINDING_FAULT_NAMES, type BindingFaultName, type FaultPlan } from '../types.js';

export interface BindingFaultOptions {
  readonly plan: FaultPlan;
  readonly random: Random;
  /** Schedules delayed sends (reply-latency, late-replies). */
  readonly clock: SimClock;
  /** Delay added by reply-latency; default 300 ms (within the 2 s deadline). */
  readonly replyLatencyMs?: number;
  /** Delay of late-replies; default 2,500 ms (past the 2 s deadline of EDP-RPC-1). */
  readonly lateReplyMs?: number;
  /** Delay of notification-latency; default 150 ms (within the 1 s deadline of EDP-NOTIFY-1). */
  readonly notificationLatencyMs?: number;
}

export const DEFAULT_REPLY_LATENCY_MS = 300;
export const DEFAULT_LATE_REPLY_MS = RESPONSE_DEADLINE_MS + 500;
export const DEFAULT_NOTIFICATION_LATENCY_MS = 150;

/** Frames that are not messages of section 3 (garbage-frames, EDP-RPC-6). */
export const GARBAGE_FRAMES: readonly string[] = [
  'garbage: this is not JSON',
  '{"hello": "world"}',
  '[1, 2, 3]',
  '{"method": 42, "params": []}',
  '{"id": "seventeen"',
];

export type Disconnect = 'clean' | 'abrupt';

export class BindingFaults {
  readonly plan: FaultPlan;
  readonly #random: Random;
  readonly #clock: SimClock;
  readonly #replyLatencyMs: number;
  readonly #lateReplyMs: number;
  readonly #notificationLatencyMs: number;
  readonly #pending = new Set<TimerRef>();

  constructor(options: BindingFaultOptions) {
    this.plan = options.plan;
    this.#random = options.random;
    this.#clock = options.clock;
    this.#replyLatencyMs = options.replyLatencyMs ?? DEFAULT_REPLY_LATENCY_MS;
    this.#lateReplyMs = options.lateReplyMs ?? DEFAULT_LATE_REPLY_MS;
    this.#notificationLatencyMs = options.notificationLatencyMs ?? DEFAULT_NOTIFICATION_LATENCY_MS;
  }

  /** An on/off fault is on (no-will, no-presence, acl-violation, ws-…). */
  has(name: BindingFaultName): boolean {
    return hasFault(this.plan, name);
  }

  /** A fault with a rate fires at this opportunity. */
  fires(name: BindingFaultName): boolean {
    return shouldFire(this.plan, name, this.#random);
  }

  /**
   * Send a reply as the plan says: garbage before it (garbage-frames), dropped (drop-replies),
   * delayed (reply-latency, late-replies), sent twice (duplicate-replies).
   */
  reply(text: string, send: (text: string) => void): void {
    if (this.fires('garbage-frames')) send(this.garbage());
    if (this.fires('drop-replies')) return;
    const copies = this.fires('duplicate-replies') ? 2 : 1;
    let delay = 0;
    if (this.fires('late-replies')) delay = this.#lateReplyMs;
    else if (this.fires('reply-latency')) delay = this.#replyLatencyMs;
    for (let i = 0; i < copies; i++) this.later(delay, () => send(text));
  }

  /** Whether a notification the engine produced is sent (drop-notifications drops it). */
  sendsNotification(): boolean {
    return !this.fires('drop-notifications');
  }

  /** Send a notification as the plan says: now, or late (notification-latency). */
  notification(send: () => void): void {
    this.later(this.fires('notification-latency') ? this.#notificationLatencyMs : 0, send);
  }

  /** After serving a request: cut the connection now, cleanly or abruptly (disconnect-clean, disconnect-abrupt)? */
  disconnectNow(): Disconnect | undefined {
    if (this.fires('disconnect-abrupt')) return 'abrupt';
    if (this.fires('disconnect-clean')) return 'clean';
    return undefined;
  }

  /** On reconnecting: forget the state (state-lost-on-reconnect)? */
  losesStateOnReconnect(): boolean {
    return this.fires('state-lost-on-reconnect');
  }

  /** One frame that is not a message of section 3. */
  garbage(): string {
    return this.#random.pick(GARBAGE_FRAMES);
  }

  /** Run `action` after `delayMs` (now when 0); pending ones are dropped by `cancelPending`. */
  later(delayMs: number, action: () => void): void {
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = this.#clock.schedule(delayMs, () => {
      this.#pending.delete(timer);
      action();
    });
    this.#pending.add(timer);
  }

  /** Drop delayed sends (the connection they were for is gone). */
  cancelPending(): void {
    for (const timer of this.#pending) timer.cancel();
    this.#pending.clear();
  }
}

const BINDING_NAMES: ReadonlySet<string> = new Set(BINDING_FAULT_NAMES);

/** The binding faults of `plan`, or `undefined` when it plants none (a conformant binding). */
export function bindingFaults(options: BindingFaultOptions): BindingFaults | undefined {
  return options.plan.some((s) => BINDING_NAMES.has(s.name) && s.rate > 0)
    ? new BindingFaults(options)
    : undefined;
}

/**
 * A device engine with its behaviour attached: every served frame is followed by the
 * behaviour's reactions (a bulb's power after `on`), merged into the frame's notifications,
 * so any binding (MQTT, WebSocket) sends them without knowing behaviours exist.
 * Telemetry — the behaviour's steps over time — is the caller's to schedule: a fleet puts all
 * its devices on one timer wheel; a single device can use `runTelemetry`.
 */

import type { Random } from '../../src/index.js';
import type { Notification } from '../../src/protocol/index.js';
import type { SimClock, TimerRef } from '../clock/types.js';
import { DelegatingEngine } from '../engine/delegating-engine.js';
import type { DeviceEngine, DeviceOutput, FrameOptions } from '../engine/types.js';
import { type BehaviourRegistry, defaultBehaviours } from './registry.js';
import type { Behaviour } from './types.js';

/** Counts shared by every engine of a fleet (one object, not one per device). */
export interface FrameCounter {
  frames: number;
}

export class AnimatedEngine extends DelegatingEngine {
  readonly behaviour: Behaviour;
  readonly #counter: FrameCounter | undefined;

  constructor(inner: DeviceEngine, behaviour: Behaviour, counter?: FrameCounter) {
    super(inner);
    this.behaviour = behaviour;
    this.#counter = counter;
  }

  override handleFrame(frame: Uint8Array | string, channel?: string, options?: FrameOptions): DeviceOutput {
    const output = this.inner.handleFrame(frame, channel, options);
    if (this.#counter) this.#counter.frames++;
    const reactions = this.behaviour.react();
    if (reactions.length === 0) return output;
    return { reply: output.reply, notifications: [...output.notifications, ...reactions] };
  }
}

/** `engine` with the behaviour its model gets from `registry` (seeded by `random`). */
export function animate(
  engine: DeviceEngine,
  random: Random,
  registry: BehaviourRegistry = defaultBehaviours,
): AnimatedEngine {
  return new AnimatedEngine(engine, registry.create(engine, random));
}

export interface TelemetryRun {
  readonly clock: SimClock;
  /** Real time between steps. */
  readonly periodMs: number;
  /** Simulated time per real time (default 1). */
  readonly timeScale?: number;
  /** Where the step's notifications go (a binding's `notify`). */
  readonly notify: (notifications: readonly Notification[]) => void;
}

/**
 * Step `behaviour` every `periodMs` on `clock`, each step a fixed slice of simulated time,
 * so the values replay from the seed whatever the timer jitter. Cancel the returned ref to stop.
 */
export function runTelemetry(behaviour: Behaviour, run: TelemetryRun): TimerRef {
  const slice = run.periodMs * (run.timeScale ?? 1);
  let timer: TimerRef | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const notifications = behaviour.step(slice);
    if (notifications.length > 0) run.notify(notifications);
    timer = run.clock.schedule(run.periodMs, tick);
  };
  timer = run.clock.schedule(run.periodMs, tick);
  return {
    cancel: () => {
      stopped = true;
      timer?.cancel();
    },
  };
}

/**
 * Behaviours make a simulated device live beyond its model: sensor readings that move with
 * time and with the device's own state (PROTOCOL.md section 2, `volatile: true`). They run
 * on simulated time and a seeded random source, so a run with the same seed and the same
 * steps gives the same values. Every change goes through `engine.changeByItself`, so it
 * notifies like any other change (EDP-NOTIFY-1).
 */

import type { Random } from '../../src/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import type { Notification } from '../../src/protocol/index.js';
import type { DeviceEngine } from '../engine/types.js';
import type { ChangeSink } from './change-sink.js';

/** What one part of a behaviour sees of its device. */
export interface PartContext {
  readonly engine: DeviceEngine;
  readonly random: Random;
}

/** One concept (air quality, filter wear, a power meter…) living on one device. */
export interface BehaviourPart {
  /** Move simulated time forward by `dtMs` and record the changes in `sink`. */
  step(dtMs: number, sink: ChangeSink): void;
  /** React at once to a change of the device's own state (a write, an action). */
  react?(sink: ChangeSink): void;
}

/** A concept resolved against one model, shared by every device of that model. */
export interface PartPlan {
  /** `siid * 65536 + piid` of each volatile property this part drives (the generic part skips them). */
  readonly covers: readonly number[];
  /** Make the part for one device; starting values go into `sink` (they are not announced). */
  create(context: PartContext, sink: ChangeSink): BehaviourPart;
}

/** A concept by name; `plan` answers `undefined` when the model lacks what the concept needs. */
export interface BehaviourKind {
  readonly name: string;
  plan(model: DeviceModel): PartPlan | undefined;
}

/** A device's whole behaviour: its parts and the generic random walk for the rest. */
export interface Behaviour {
  /** Advance simulated time by `dtMs`; the notifications the changes produced, in order. */
  step(dtMs: number): Notification[];
  /** After a request changed state: follow-up changes (e.g. power after `on`), possibly none. */
  react(): Notification[];
}

export const propertyKey = (siid: number, piid: number): number => siid * 65_536 + piid;

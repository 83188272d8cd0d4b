/**
 * The one seam between the engine and its method handlers (one file per EDP method under
 * handlers/). A handler sees the model index and the state through `EngineContext` only.
 */
import type { PropertyValue } from '../../src/model/index.js';
import type { EngineFaultName } from '../faults/types.js';
import type { CompiledGuard, CompiledModel, EventEntry, PropertyEntry } from './compiled-model.js';

/** Why a value changes: notify-unchanged only ever misfires on writes. */
export type ChangeCause = 'write' | 'effect' | 'self';

/** An opaque saved state, to undo a batch (only the poisoned-batch fault needs it). */
export interface Checkpoint {
  readonly values: readonly PropertyValue[];
  readonly changes: number;
}

export interface EngineContext {
  readonly compiled: CompiledModel;
  /** Whether any planted fault is on: handlers skip fault-only work when not. */
  readonly faulty: boolean;
  value(entry: PropertyEntry): PropertyValue;
  /** Store a value; a change of a notify property queues one properties_changed item (EDP-NOTIFY-1/2). */
  assign(entry: PropertyEntry, value: PropertyValue, cause: ChangeCause): void;
  /** Queue an event_occurred, its arguments read from the state now (EDP-ACT-1, EDP-NOTIFY-3). */
  emit(event: EventEntry): void;
  /** Whether a `when` guard holds now (no guard always holds). */
  guardHolds(guard: CompiledGuard | undefined): boolean;
  /** Whether the named planted fault fires at this opportunity; always false on a clean engine. */
  fires(name: EngineFaultName): boolean;
  checkpoint(): Checkpoint;
  rollback(checkpoint: Checkpoint): void;
}

/** Serves one method's params and gives its `result` (item codes inside, never an envelope error). */
export type MethodHandler<Params> = (context: EngineContext, params: Params) => unknown;

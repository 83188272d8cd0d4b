/**
 * What a run sent, as a script another run can send again without the generators: the state
 * the run set up, then one step per request a command made (its body, or the exact frame of a
 * malformed one, or which earlier answer a repeat targets), with what the judge expected.
 * A trace file (conformance/trace) is this script written down; trace replay runs it.
 */
import type { RuleId } from '../catalogue/rule-ids.js';
import type { RequestBody } from '../judge/predict-request.js';
import type { TraceExpectation } from '../trace/trace-file.js';

interface StepBase {
  /** Index of the command (in the run's command list) that sent it. */
  readonly command: number;
  /** When it was sent, in milliseconds from the start of the run. */
  readonly atMs: number;
  readonly expects: TraceExpectation;
}

export type ScriptStep =
  | (StepBase & {
      readonly kind: 'request';
      /** The id it was sent with (replay sends a fresh one: EDP-RPC-5's duplicate window). */
      readonly id: number;
      readonly body: RequestBody;
      readonly missingResponseRule?: RuleId;
    })
  | (StepBase & {
      readonly kind: 'malformed';
      /** The frame exactly as sent. */
      readonly frame: string | Uint8Array;
      readonly binary: boolean;
      /** The id written into the frame, if any (replay writes a fresh one in its place). */
      readonly frameId?: number;
      /** Whether the error response must echo that id. */
      readonly carriesId: boolean;
      readonly code: number;
      readonly why: string;
      /** The readable property read afterwards: the device must still answer (EDP-RPC-4). */
      readonly probe: { readonly siid: number; readonly piid: number };
    })
  | (StepBase & {
      readonly kind: 'repeat';
      /** Which earlier answered request of the run it repeats: 1 is the latest. */
      readonly back: number;
      /** The id it repeated, as recorded. */
      readonly repeatsId: number;
      /** `null`: the original frame again; else another body under the old id. */
      readonly body: RequestBody | null;
      /** The frame exactly as sent. */
      readonly frame: string | Uint8Array;
      readonly binary: boolean;
    });

export interface RunScript {
  /** The state the run's setup wrote (replay brings the device to it the same way). */
  readonly initialState: ReadonlyArray<{
    readonly siid: number;
    readonly piid: number;
    readonly value: unknown;
  }>;
  /** Setup read and wrote one item per request (the device had failed batch order). */
  readonly singleItems: boolean;
  readonly steps: readonly ScriptStep[];
}

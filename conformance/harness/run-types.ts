/** What a run sends and gets back, and what fast-check keeps as the run's model. */

import type { RuleId } from '../catalogue/rule-ids.js';
import type { ObservedResponse } from '../judge/judge-response.js';
import type { JudgeState } from '../judge/knowledge.js';
import type { Prediction, QuietWrite } from '../judge/prediction.js';

/** fast-check's model for the run: what the harness knows of the device's state. */
export interface SuiteModel {
  state: JudgeState;
}

export interface Outgoing {
  readonly frame: string | Uint8Array;
  readonly binary?: boolean;
  /** The id the response must carry: the request's id, or null for an envelope error without one. */
  readonly responseId: number | null;
  /** The id written into the frame, when there is one; a response carrying it is matched too. */
  readonly frameId?: number;
  /** Whether a response id other than `responseId` is for the judge to call (malformed frames: EDP-RPC-4). */
  readonly idJudgedElsewhere?: boolean;
  /** The rule a missing response breaks; EDP-RPC-1 unless the command knows better (EDP-RPC-4 after garbage). */
  readonly missingResponseRule?: RuleId;
  /** Whether a later repeat of its id may target it (default true). */
  readonly repeatable?: boolean;
  /** Names the request in violations about its notifications: `set light.on(2.1) = true`. */
  readonly description: string;
  /** What it changes and emits: expected notifications are registered before it is sent. */
  readonly prediction?: Prediction;
  /** A repeated id: what executing it would write, which must bring no item (EDP-RPC-5). */
  readonly forbidden?: readonly QuietWrite[];
  /** Reads only (a setup peek): it cannot have caused a notification (see RunSession's epoch). */
  readonly readOnly?: boolean;
}

export interface RoundTrip {
  readonly response?: ObservedResponse;
  readonly responseRef?: number;
  readonly sentRef: number;
}

/** A request of this run that got a response, for EDP-RPC-5 repeats. */
export interface AnsweredRequest {
  readonly id: number;
  readonly description: string;
  readonly frame: string | Uint8Array;
  readonly binary: boolean;
  /** The response as parsed: `{ id, result }` or `{ id, error }`. */
  readonly response: unknown;
}

/**
 * The common path of a command's request: predict, send with a fresh id, judge the response,
 * update what the harness knows, end the run if the device broke a rule.
 */

import type { RuleId } from '../catalogue/rule-ids.js';
import type { RunSession } from '../harness/run-session.js';
import { describePrediction } from '../judge/describe-prediction.js';
import { type JudgeOptions, judgeResponse, type ObservedResponse } from '../judge/judge-response.js';
import { learnFromRead } from '../judge/learn-read.js';
import { predictRequest, type RequestBody } from '../judge/predict-request.js';
import type { Prediction } from '../judge/prediction.js';
import type { Violation } from '../judge/violation.js';

export interface Performed {
  readonly id: number;
  readonly prediction: Prediction;
  readonly response?: ObservedResponse;
}

export interface PerformOptions {
  readonly judge?: JudgeOptions;
  /** The rule a missing response breaks (default EDP-RPC-1). */
  readonly missingResponseRule?: RuleId;
  /** Whether later repeats (EDP-RPC-5) may target it; setup writes vary with the device's state, so not them. */
  readonly repeatable?: boolean;
  /** Part of a larger step (a malformed frame's probe, a repeat's read-back): not a step of the script on its own. */
  readonly unscripted?: boolean;
  /**
   * What each item of a batch is (`light.brightness(2.2) = 50.5 (off the step grid of [1,100,1])`):
   * a violation of item i names it, so a failure in a batch of several cases says which one.
   */
  readonly itemNotes?: readonly string[];
  /** What the request is, for violations of the response that name no item (an action's `in`). */
  readonly note?: string;
}

export async function performRequest(
  session: RunSession,
  body: RequestBody,
  description: string,
  options: PerformOptions = {},
): Promise<Performed> {
  const { judge = {}, missingResponseRule, repeatable = true } = options;
  const prediction = predictRequest(session.index, session.model.state, body);
  const id = session.nextId();
  if (options.unscripted !== true) {
    session.script({
      kind: 'request',
      id,
      body,
      expects: describePrediction(prediction),
      ...(missingResponseRule === undefined ? {} : { missingResponseRule }),
    });
  }
  // What the harness will know is set before sending: notifications may come before the response.
  session.setState(prediction.next);
  const trip = await session.roundTrip({
    frame: JSON.stringify({ id, method: body.method, params: body.params }),
    responseId: id,
    description: `${description} (#${id})`,
    prediction,
    ...(missingResponseRule === undefined ? {} : { missingResponseRule }),
    repeatable,
  });
  if (trip.response !== undefined) {
    const leftInvalidBy = (p: { readonly key: string }) => session.ctx.leftInvalid.get(p.key);
    const violations = annotate(
      judgeResponse(prediction.response, trip.response, { leftInvalidBy, ...judge }),
      options,
    );
    session.record(violations, trip.responseRef);
    if (violations.length === 0 && 'result' in trip.response) {
      session.setState(learnFromRead(session.index, session.model.state, body, trip.response.result));
    }
  }
  session.checkpoint();
  return trip.response === undefined ? { id, prediction } : { id, prediction, response: trip.response };
}

/** The violations with the case they belong to named (the judge names an item by index and property only). */
function annotate(violations: readonly Violation[], options: PerformOptions): Violation[] {
  return violations.map((v) => {
    const item = /^item (\d+)\b/.exec(v.expected);
    const note = item === null ? options.note : (options.itemNotes?.[Number(item[1])] ?? options.note);
    return note === undefined ? v : { ...v, expected: `${v.expected}, for ${note}` };
  });
}

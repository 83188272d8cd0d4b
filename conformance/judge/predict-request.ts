/**
 * The judge's entry point for a well-formed request: dispatch by method. Malformed frames
 * carry their own expected envelope error (see `envelopeErrorPrediction`); a malformed shape
 * reaching here is a harness bug, not a device's.
 */
import type { JudgeState } from './knowledge.js';
import type { ModelIndex } from './model-index.js';
import { predictAction } from './predict-action.js';
import { predictGet } from './predict-get.js';
import { predictSet } from './predict-set.js';
import type { Prediction } from './prediction.js';

/** The body of a request the harness sends, without its id. */
export type RequestBody =
  | { readonly method: 'get_properties'; readonly params: readonly object[] }
  | { readonly method: 'set_properties'; readonly params: readonly object[] }
  | { readonly method: 'action'; readonly params: object };

export function predictRequest(index: ModelIndex, state: JudgeState, body: RequestBody): Prediction {
  switch (body.method) {
    case 'get_properties':
      return predictGet(index, state, body.params);
    case 'set_properties':
      return predictSet(index, state, body.params);
    case 'action':
      return predictAction(index, state, body.params);
  }
}

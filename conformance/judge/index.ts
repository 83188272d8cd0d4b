/**
 * The pure judge: predicts every response and state change from the model and what the
 * harness has learned by reading, and judges responses and notifications. No I/O, no clock:
 * time is passed in. The judge shares no code with the simulators it judges.
 */
export { addWithOverflow } from './add-arithmetic.js';
export type { Cause } from './cause.js';
export { describeCode } from './describe.js';
export { eventArgumentsProblem } from './event-arguments.js';
export { describeExpectedValue, type ExpectedValue, expectedValue, valueMismatch } from './expected-value.js';
export { type JudgeOptions, judgeResponse, type ObservedResponse } from './judge-response.js';
export {
  emptyState,
  type JudgeState,
  type Knowledge,
  type KnowledgeSource,
  knowledgeOf,
  known,
  knownValues,
  UNKNOWN,
  withValue,
} from './knowledge.js';
export {
  type IndexedAction,
  type IndexedEvent,
  type IndexedProperty,
  indexModel,
  type ModelIndex,
  type PropertyKey,
  propertyKey,
} from './model-index.js';
export { type LedgerOptions, NotificationLedger } from './notification-ledger.js';
export { predictRequest, type RequestBody } from './predict-request.js';
export {
  type Change,
  type ExpectedEvent,
  type ExpectedResponse,
  envelopeErrorPrediction,
  type Prediction,
} from './prediction.js';
export { jsonEqual, valuesEqual } from './value-equality.js';
export { at, type Violation, violation } from './violation.js';

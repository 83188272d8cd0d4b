/**
 * Generators: fast-check arbitraries of commands and values from ANY model, one per file,
 * `thing(index, constraints = {})`.
 */

export { actionAtEdgeCommand } from './action-at-edge-command.js';
export {
  type ActionCallConstraints,
  type ActionCallSpec,
  actionCall,
  validCall,
  validIn,
} from './action-call.js';
export { type ActionCommandConstraints, actionCommand } from './action-command.js';
export { canonicalValue } from './canonical-value.js';
export { getCommand } from './get-command.js';
export { getItem, type ItemSpec } from './get-item.js';
export { type InitialState, initialState } from './initial-state.js';
export { type InvalidValue, invalidPropertyValue } from './invalid-property-value.js';
export { type MalformedCommandConstraints, malformedCommand } from './malformed-command.js';
export { type MalformedFrame, type MalformedFrameConstraints, malformedFrame } from './malformed-frame.js';
export { type PropertyValueConstraints, propertyValue } from './property-value.js';
export { repeatCommand } from './repeat-command.js';
export { rewriteCurrentCommand } from './rewrite-current-command.js';
export { setCommand } from './set-command.js';
export { setItem, validWrite } from './set-item.js';
export {
  type CommandKind,
  commandKinds,
  type SuiteCommand,
  type SuiteCommandConstraints,
  suiteCommand,
} from './suite-command.js';
export { unknownAddress } from './unknown-ids.js';
export { writeReadCommand } from './write-read-command.js';

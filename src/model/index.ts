/**
 * The device model of EDP/1 (PROTOCOL.md section 2): types, value checks, validation
 * (EDP-MODEL-1), loading, hashing and look-ups. Pure except `loadModelFile`.
 * Test helpers (fast-check arbitraries) live in test/support/src/model/, with every test helper.
 */

export { ModelFileError, ModelValidationError } from './errors.js';
export * from './formats.js';
export { modelSha256 } from './hash.js';
export { type LoadedModel, loadModelFile, parseModelText } from './load.js';
export {
  allProperties,
  findAction,
  findEvent,
  findProperty,
  findService,
  hasAccess,
  type ServiceProperty,
} from './lookup.js';
export * from './types.js';
export { formatProblem, type ModelProblem, type ModelValidation, validateModel } from './validate.js';
export { isValidValue, sameValue, valueProblem } from './values.js';

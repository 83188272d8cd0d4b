/**
 * The requirement catalogue: every rule of PROTOCOL.md, device (sections 4 to 6) and hub
 * (section 8), with where each can run. A subject's rules come from `requirementsFor(kind)`.
 */
export { DEVICE_REQUIREMENTS } from './device-requirements.js';
export { HUB_REQUIREMENTS } from './hub-requirements.js';
export { combineApplicability, modelApplicability } from './model-applicability.js';
export {
  type Applicability,
  applicability,
  bindingOfMode,
  type CertifyMode,
  type CheckKind,
  type DeviceMode,
  type DeviceRequirement,
  type HubMode,
  type HubRequirement,
  modelBasedRules,
  REQUIREMENTS,
  type Requirement,
  requirement,
  requirementsFor,
  type SubjectKind,
  subjectOfMode,
} from './requirements.js';
export { isRuleId, RULE_IDS, type RuleId, ruleOrder } from './rule-ids.js';

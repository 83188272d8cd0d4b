/** The requirement catalogue: every device rule of PROTOCOL.md sections 4 to 6. */
export {
  type Applicability,
  bindingOfMode,
  type CertifyMode,
  type CheckKind,
  modelBasedRules,
  REQUIREMENTS,
  type Requirement,
  requirement,
} from './requirements.js';
export { isRuleId, RULE_IDS, type RuleId, ruleOrder } from './rule-ids.js';

/** The face of src/result/: what other roots use from it (they import nothing deeper). */

export type {
  Binding,
  CertificationResult,
  CertificationSubject,
  CertifyMode,
  Counterexample,
  DeviceMode,
  DeviceSubject,
  HubCertificationResult,
  HubMode,
  HubSubject,
  LatencySummary,
  TlsReport,
  TraceEntry,
} from './certification-result.js';
export {
  CERTIFICATION_RESULT_SCHEMA,
  CERTIFICATION_RESULT_SCHEMA_V1,
  HUB_PARTY,
  subjectName,
} from './certification-result.js';
export { hasExchange } from './counterexample-messages.js';
export {
  consequenceNotes,
  countsText,
  failedCountText,
  isNotSelected,
  modeLimitsText,
} from './counts-text.js';
export type { RuleVerdict } from './rule-verdict.js';
export { checkedSomeRules, exitCodeOf, selectedRules, verdictText } from './verdict.js';

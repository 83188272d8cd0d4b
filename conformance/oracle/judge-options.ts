import type { RuleId } from '../catalogue/rule-ids.js';

export interface JudgeOptions {
  /** The rule a wrong read value breaks, when the command knows better than the value's history (EDP-RPC-5). */
  readonly readMismatchRule?: RuleId;
}

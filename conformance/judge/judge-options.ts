import type { RuleId } from '../catalogue/rule-ids.js';
import type { IndexedProperty } from './model-index.js';

export interface JudgeOptions {
  /**
   * The rule a wrong read value breaks, when the command knows better than the value's history
   * (EDP-RPC-5: the value a repeated request would have written). `undefined` from the function:
   * the value's history decides (EDP-PROP-3 for written values, EDP-ACT-1 for effects).
   */
  /**
   * The rule whose earlier failure may have left `property` holding an invalid value (the device
   * stored a value it had to refuse): reading such a value back is a consequence of that rule.
   */
  readonly leftInvalidBy?: (property: IndexedProperty) => RuleId | undefined;
  readonly readMismatchRule?: RuleId | ((property: IndexedProperty, observed: unknown) => RuleId | undefined);
}

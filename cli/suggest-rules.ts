/** "did you mean EDP-HUB-3?" for each mistyped `--only` rule id. */
import { isRuleId } from '../conformance/catalogue/index.js';
import { closestMatch } from '../src/index.js';

/** ` did you mean EDP-HUB-3 (for EDP-HUB3)?` — with its leading space — or '' when none is close. */
export function suggestRules(unknown: readonly string[], allowed: readonly string[]): string {
  const guesses = unknown.flatMap((id) => {
    // A different number is a different rule: only ids with the same digits are candidates.
    const digits = (text: string) => text.replace(/\D/g, '');
    // A rule of another subject (EDP-HUB-1 to a device) is no typo: no guess, and at most one
    // edit besides the number (EDP-HUB3, EDP-HB-3), never another family.
    const match = isRuleId(id)
      ? undefined
      : closestMatch(
          id,
          allowed.filter((rule) => digits(rule) === digits(id)),
          1,
        );
    return match === undefined ? [] : [`${match}${unknown.length > 1 ? ` (for ${id})` : ''}`];
  });
  return guesses.length === 0 ? '' : ` did you mean ${guesses.join(', ')}?`;
}

/** "did you mean EDP-HUB-3?" for each mistyped `--only` rule id. */
import { closestMatch } from '../did-you-mean.js';

/** ` did you mean EDP-HUB-3 (for EDP-HUB3)?` — with its leading space — or '' when none is close. */
export function suggestRules(unknown: readonly string[], allowed: readonly string[]): string {
  const guesses = unknown.flatMap((id) => {
    // A different number is a different rule: only ids with the same digits are candidates.
    const digits = (text: string) => text.replace(/\D/g, '');
    const match = closestMatch(
      id,
      allowed.filter((rule) => digits(rule) === digits(id)),
    );
    return match === undefined ? [] : [`${match}${unknown.length > 1 ? ` (for ${id})` : ''}`];
  });
  return guesses.length === 0 ? '' : ` did you mean ${guesses.join(', ')}?`;
}

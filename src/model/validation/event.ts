/**
 * Events (PROTOCOL.md section 2): eiid, name, and `arguments`: readable piids of the same
 * service. Repeating a piid in `arguments` is rejected too: the event would carry one value twice.
 */
import { idProblem, isId, isNonEmptyString, isObject, kindOf, optionalArray } from './json.js';
import type { ProblemCollector } from './problems.js';
import { canRead } from './property.js';
import { checkDistinct, resolvePiid, type ServiceScope, serviceLabel } from './scope.js';

export function checkEvent(
  raw: unknown,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
): void {
  if (!isObject(raw)) {
    problems.add(
      path,
      `an event must be an object, got ${kindOf(raw)}`,
      'Write the event as { "eiid", "name", "arguments" }.',
    );
    return;
  }
  if (!isId(raw.eiid))
    problems.add(
      `${path}.eiid`,
      idProblem('eiid', raw.eiid),
      'Give the event an eiid from 1 to 65535, unique in its service.',
    );
  if (!isNonEmptyString(raw.name)) {
    problems.add(
      `${path}.name`,
      `name must be a non-empty string, got ${kindOf(raw.name)}`,
      'Name the event, e.g. "filter-exhausted".',
    );
  }
  const args = optionalArray(raw, 'arguments');
  if (!args.ok) {
    problems.add(
      `${path}.arguments`,
      `arguments must be an array of piids, got ${kindOf(raw.arguments)}`,
      `List readable properties of ${serviceLabel(scope)} by piid, or [] for none.`,
    );
  }
  args.items.forEach((piid, i) => {
    const property = resolvePiid(piid, `${path}.arguments[${i}]`, scope, problems, `arguments[${i}]`);
    if (property?.access !== undefined && !canRead(property)) {
      problems.add(
        `${path}.arguments[${i}]`,
        `property ${property.piid} is not readable, so it cannot be an event argument`,
        `Add "read" to property ${property.piid}, or remove it from arguments.`,
      );
    }
  });
  checkDistinct(args.items, `${path}.arguments`, problems, 'arguments');
}

/**
 * `when: { piid, equals }` guards (PROTOCOL.md section 2): P is a property of the same service,
 * readable and non-volatile, and V is valid for P.
 *
 * A property may not guard itself: "writable only while it equals V" would lock the property
 * for ever after its first change away from V, which no partner means; it is rejected so that
 * generators and devices never meet such a dead end.
 */
import { valueProblem } from '../values.js';
import { isObject, kindOf, show } from './json.js';
import type { ProblemCollector } from './problems.js';
import { canRead } from './property.js';
import { resolvePiid, type ServiceScope, serviceLabel } from './scope.js';

export function checkGuard(
  when: unknown,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
  ownerPiid?: number,
): void {
  if (!isObject(when)) {
    problems.add(
      path,
      `when must be an object { "piid", "equals" }, got ${kindOf(when)}`,
      'Write the guard as { "piid": P, "equals": V }, or remove it.',
    );
    return;
  }
  const guarded = resolvePiid(when.piid, `${path}.piid`, scope, problems, 'when.piid');
  if (!('equals' in when)) {
    problems.add(path, 'when.equals is missing', 'Give the value property P must hold, e.g. "equals": true.');
  }
  if (guarded === undefined) return;
  if (ownerPiid !== undefined && guarded.piid === ownerPiid) {
    problems.add(
      `${path}.piid`,
      `a property cannot be guarded by itself (piid ${ownerPiid})`,
      `Guard it by another property of ${serviceLabel(scope)}, or remove when.`,
    );
    return;
  }
  if (guarded.access !== undefined && !canRead(guarded)) {
    problems.add(
      `${path}.piid`,
      `property ${guarded.piid} is not readable, so a controller cannot see whether the guard holds`,
      `Guard by a property with "read" access, or add "read" to property ${guarded.piid}.`,
    );
  }
  if (guarded.volatile) {
    problems.add(
      `${path}.piid`,
      `property ${guarded.piid} is volatile, so the guard would change by itself`,
      'Guard by a non-volatile property.',
    );
  }
  if (guarded.spec !== undefined && 'equals' in when) {
    const problem = valueProblem(guarded.spec, when.equals);
    if (problem !== undefined) {
      problems.add(
        `${path}.equals`,
        `${show(when.equals)} is not a valid value of property ${guarded.piid}: ${problem}`,
        `Use a value valid for property ${guarded.piid}.`,
      );
    }
  }
}

/** Actions (PROTOCOL.md section 2): aiid, name, in / out piids, effects in order, optional `when`. */
import { checkEffect } from './effect.js';
import { checkGuard } from './guard.js';
import { idProblem, isId, isNonEmptyString, isObject, kindOf, optionalArray } from './json.js';
import type { ProblemCollector } from './problems.js';
import { checkDistinct, resolvePiid, type ServiceScope, serviceLabel } from './scope.js';

export function checkAction(
  raw: unknown,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
): void {
  if (!isObject(raw)) {
    problems.add(
      path,
      `an action must be an object, got ${kindOf(raw)}`,
      'Write the action as { "aiid", "name", "in", "out", "effects" }.',
    );
    return;
  }
  if (!isId(raw.aiid))
    problems.add(
      `${path}.aiid`,
      idProblem('aiid', raw.aiid),
      'Give the action an aiid from 1 to 65535, unique in its service.',
    );
  if (!isNonEmptyString(raw.name)) {
    problems.add(
      `${path}.name`,
      `name must be a non-empty string, got ${kindOf(raw.name)}`,
      'Name the action, e.g. "toggle".',
    );
  }
  const inPiids = checkPiidList(raw, 'in', path, scope, problems);
  checkPiidList(raw, 'out', path, scope, problems);
  const effects = optionalArray(raw, 'effects');
  if (!effects.ok) {
    problems.add(
      `${path}.effects`,
      `effects must be an array, got ${kindOf(raw.effects)}`,
      'List the effects in order, e.g. [{ "op": "toggle", "piid": 1 }], or [] for none.',
    );
  }
  effects.items.forEach((effect, i) => {
    checkEffect(effect, `${path}.effects[${i}]`, scope, inPiids, problems);
  });
  if (raw.when !== undefined) checkGuard(raw.when, `${path}.when`, scope, problems);
}

/** Checks `in` or `out`; returns the piids when every one names a property and none repeats. */
function checkPiidList(
  raw: Readonly<Record<string, unknown>>,
  key: 'in' | 'out',
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
): number[] | undefined {
  const list = optionalArray(raw, key);
  if (!list.ok) {
    problems.add(
      `${path}.${key}`,
      `${key} must be an array of piids, got ${kindOf(raw[key])}`,
      `List piids of properties of ${serviceLabel(scope)}, or [] for none.`,
    );
    return undefined;
  }
  const before = problems.count;
  list.items.forEach((piid, i) => {
    resolvePiid(piid, `${path}.${key}[${i}]`, scope, problems, `${key}[${i}]`);
  });
  checkDistinct(list.items, `${path}.${key}`, problems, `${key}`);
  return problems.count === before ? (list.items as number[]) : undefined;
}

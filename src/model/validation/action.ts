/** Actions (PROTOCOL.md section 2): aiid, name, in / out piids, effects in order, optional `when`. */
import { checkEffect } from './effect.js';
import { checkGuard } from './guard.js';
import { kindOf, optionalArray } from './json.js';
import { checkMemberHead, type MemberKind } from './member-head.js';
import type { ProblemCollector } from './problems.js';
import { checkDistinct, resolvePiid, type ServiceScope, serviceLabel } from './scope.js';

const ACTION: MemberKind = {
  noun: 'action',
  idKey: 'aiid',
  shape: '{ "aiid", "name", "in", "out", "effects" }',
  exampleName: 'toggle',
};

export function checkAction(
  raw: unknown,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
): void {
  const action = checkMemberHead(raw, path, ACTION, problems);
  if (action === undefined) return;
  const inPiids = checkPiidList(action, 'in', path, scope, problems);
  checkPiidList(action, 'out', path, scope, problems);
  const effects = optionalArray(action, 'effects');
  if (!effects.ok) {
    problems.add(
      `${path}.effects`,
      `effects must be an array, got ${kindOf(action.effects)}`,
      'List the effects in order, e.g. [{ "op": "toggle", "piid": 1 }], or [] for none.',
    );
  }
  effects.items.forEach((effect, i) => {
    checkEffect(effect, `${path}.effects[${i}]`, scope, inPiids, problems);
  });
  if (action.when !== undefined) checkGuard(action.when, `${path}.when`, scope, problems);
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

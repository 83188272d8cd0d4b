/**
 * Events (PROTOCOL.md section 2): eiid, name, and `arguments`: readable piids of the same
 * service. Repeating a piid in `arguments` is rejected too: the event would carry one value twice.
 */
import { kindOf, optionalArray } from './json.js';
import { checkMemberHead, type MemberKind } from './member-head.js';
import type { ProblemCollector } from './problems.js';
import { canRead } from './property.js';
import { checkDistinct, resolvePiid, type ServiceScope, serviceLabel } from './scope.js';

const EVENT: MemberKind = {
  noun: 'event',
  idKey: 'eiid',
  shape: '{ "eiid", "name", "arguments" }',
  exampleName: 'filter-exhausted',
};

export function checkEvent(
  raw: unknown,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
): void {
  const event = checkMemberHead(raw, path, EVENT, problems);
  if (event === undefined) return;
  const args = optionalArray(event, 'arguments');
  if (!args.ok) {
    problems.add(
      `${path}.arguments`,
      `arguments must be an array of piids, got ${kindOf(event.arguments)}`,
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

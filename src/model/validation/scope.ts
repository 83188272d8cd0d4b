/** What the checks of one service's actions, events and guards can see of that service. */
import { idProblem, isId } from './json.js';
import type { ProblemCollector } from './problems.js';
import type { PropertyAnalysis } from './property.js';

export interface ServiceScope {
  readonly path: string;
  /** The service's siid when valid, for messages. */
  readonly siid: number | undefined;
  /** The first property declared with each piid. */
  readonly properties: ReadonlyMap<number, PropertyAnalysis>;
  readonly eventIds: ReadonlySet<number>;
}

export function serviceLabel(scope: ServiceScope): string {
  return scope.siid === undefined ? 'this service' : `service ${scope.siid}`;
}

/**
 * Resolves a piid that must name a property of the same service; reports it when it does not.
 * `role` says what the piid is for, e.g. "when.piid" or "in[0]".
 */
export function resolvePiid(
  piid: unknown,
  path: string,
  scope: ServiceScope,
  problems: ProblemCollector,
  role: string,
): PropertyAnalysis | undefined {
  if (!isId(piid)) {
    problems.add(path, idProblem(role, piid), `Name a property of ${serviceLabel(scope)} by its piid.`);
    return undefined;
  }
  const property = scope.properties.get(piid);
  if (property === undefined) {
    problems.add(
      path,
      `${serviceLabel(scope)} has no property with piid ${piid}`,
      `Use the piid of a property declared in ${serviceLabel(scope)}, or declare property ${piid} there.`,
    );
  }
  return property;
}

/** Reports repeated ids in a list of piids; returns true when all were distinct. */
export function checkDistinct(
  items: readonly unknown[],
  path: string,
  problems: ProblemCollector,
  what: string,
): boolean {
  let distinct = true;
  items.forEach((item, i) => {
    if (isId(item) && items.indexOf(item) !== i) {
      problems.add(
        `${path}[${i}]`,
        `piid ${item} is listed more than once in ${what}`,
        `List each piid once in ${what}.`,
      );
      distinct = false;
    }
  });
  return distinct;
}

/**
 * One service (PROTOCOL.md section 2): siid, name, and its properties, actions and events,
 * whose ids are unique within the service. Missing lists mean empty.
 */
import { checkAction } from './action.js';
import { checkEvent } from './event.js';
import { checkGuard } from './guard.js';
import {
  idProblem,
  isId,
  isNonEmptyString,
  isObject,
  type JsonObject,
  kindOf,
  optionalArray,
} from './json.js';
import type { ProblemCollector } from './problems.js';
import { analyseProperty, canWrite, type PropertyAnalysis } from './property.js';
import type { ServiceScope } from './scope.js';

export interface ServiceAnalysis {
  readonly path: string;
  readonly siid: number | undefined;
  readonly raw: JsonObject | undefined;
  readonly properties: ReadonlyMap<number, PropertyAnalysis>;
}

export function checkService(raw: unknown, path: string, problems: ProblemCollector): ServiceAnalysis {
  if (!isObject(raw)) {
    problems.add(
      path,
      `a service must be an object, got ${kindOf(raw)}`,
      'Write the service as { "siid", "name", "properties", "actions", "events" }.',
    );
    return { path, siid: undefined, raw: undefined, properties: new Map() };
  }
  const siid = isId(raw.siid) ? raw.siid : undefined;
  if (siid === undefined)
    problems.add(
      `${path}.siid`,
      idProblem('siid', raw.siid),
      'Give the service a siid from 1 to 65535, unique in the model.',
    );
  if (!isNonEmptyString(raw.name)) {
    problems.add(
      `${path}.name`,
      `name must be a non-empty string, got ${kindOf(raw.name)}`,
      'Name the service, e.g. "light".',
    );
  }
  const propertyItems = list(raw, 'properties', path, problems);
  const actionItems = list(raw, 'actions', path, problems);
  const eventItems = list(raw, 'events', path, problems);

  const analyses = propertyItems.map((item, i) => analyseProperty(item, `${path}.properties[${i}]`));
  const properties = new Map<number, PropertyAnalysis>();
  for (const analysis of analyses) {
    if (analysis.piid !== undefined && !properties.has(analysis.piid))
      properties.set(analysis.piid, analysis);
  }
  const eventIds = new Set(
    eventItems.flatMap((event) => (isObject(event) && isId(event.eiid) ? [event.eiid] : [])),
  );
  const scope: ServiceScope = { path, siid, properties, eventIds };

  const piids = new UniqueIds('piid', `${path}.properties`);
  analyses.forEach((analysis, i) => {
    problems.addAll(analysis.problems);
    piids.check(analysis.raw?.piid, i, problems);
    const when = analysis.raw?.when;
    if (when === undefined) return;
    if (analysis.access !== undefined && !canWrite(analysis)) {
      problems.add(
        `${analysis.path}.when`,
        'when is only for writable properties, and this property has no "write" access',
        'Remove when (reads are never guarded), or add "write" to access.',
      );
      return;
    }
    checkGuard(when, `${analysis.path}.when`, scope, problems, analysis.piid);
  });
  const aiids = new UniqueIds('aiid', `${path}.actions`);
  actionItems.forEach((action, i) => {
    checkAction(action, `${path}.actions[${i}]`, scope, problems);
    if (isObject(action)) aiids.check(action.aiid, i, problems);
  });
  const eiids = new UniqueIds('eiid', `${path}.events`);
  eventItems.forEach((event, i) => {
    checkEvent(event, `${path}.events[${i}]`, scope, problems);
    if (isObject(event)) eiids.check(event.eiid, i, problems);
  });
  return { path, siid, raw, properties };
}

function list(
  raw: JsonObject,
  key: 'properties' | 'actions' | 'events',
  path: string,
  problems: ProblemCollector,
): readonly unknown[] {
  const result = optionalArray(raw, key);
  if (!result.ok) {
    problems.add(
      `${path}.${key}`,
      `${key} must be an array, got ${kindOf(raw[key])}`,
      `List the service's ${key}, or leave ${key} out for none.`,
    );
  }
  return result.items;
}

/** Reports an id that an earlier item of the same list already uses. */
export class UniqueIds {
  readonly #first = new Map<number, number>();

  constructor(
    private readonly key: string,
    private readonly listPath: string,
  ) {}

  check(id: unknown, index: number, problems: ProblemCollector): void {
    if (!isId(id)) return;
    const first = this.#first.get(id);
    if (first === undefined) {
      this.#first.set(id, index);
      return;
    }
    problems.add(
      `${this.listPath}[${index}].${this.key}`,
      `${this.key} ${id} is already used by ${this.listPath}[${first}]`,
      `Give each item a different ${this.key}.`,
    );
  }
}

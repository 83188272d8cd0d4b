/**
 * The head every service member shares (PROTOCOL.md section 2): an object with an id unique in
 * its service and a non-empty name. Actions and events check it the same way.
 */
import { idProblem, isId, isNonEmptyString, isObject, type JsonObject, kindOf } from './json.js';
import type { ProblemCollector } from './problems.js';

/** What differs between members: their noun, id key, written shape and an example name. */
export interface MemberKind {
  readonly noun: 'action' | 'event';
  readonly idKey: 'aiid' | 'eiid';
  /** The member's keys as the fix names them, e.g. `{ "eiid", "name", "arguments" }`. */
  readonly shape: string;
  readonly exampleName: string;
}

/** Checks the object, id and name; returns the object to check further, or undefined when it is none. */
export function checkMemberHead(
  raw: unknown,
  path: string,
  kind: MemberKind,
  problems: ProblemCollector,
): JsonObject | undefined {
  if (!isObject(raw)) {
    problems.add(
      path,
      `an ${kind.noun} must be an object, got ${kindOf(raw)}`,
      `Write the ${kind.noun} as ${kind.shape}.`,
    );
    return undefined;
  }
  if (!isId(raw[kind.idKey]))
    problems.add(
      `${path}.${kind.idKey}`,
      idProblem(kind.idKey, raw[kind.idKey]),
      `Give the ${kind.noun} an ${kind.idKey} from 1 to 65535, unique in its service.`,
    );
  if (!isNonEmptyString(raw.name)) {
    problems.add(
      `${path}.name`,
      `name must be a non-empty string, got ${kindOf(raw.name)}`,
      `Name the ${kind.noun}, e.g. "${kind.exampleName}".`,
    );
  }
  return raw;
}

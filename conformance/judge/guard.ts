/** `when` guards (section 2): a guarded write or action is allowed only while the guard property equals its value. */
import type { Guard, ServiceSpec } from '../../src/model/index.js';
import { sameValue } from '../../src/model/index.js';
import { type JudgeState, knowledgeOf } from './knowledge.js';
import type { ModelIndex } from './model-index.js';

export function guardHolds(
  index: ModelIndex,
  state: JudgeState,
  service: ServiceSpec,
  guard: Guard | undefined,
): boolean {
  if (guard === undefined) return true;
  const property = index.property(service.siid, guard.piid);
  if (property === undefined)
    throw new Error(`model invariant: guard piid ${guard.piid} missing in ${service.name}`);
  const value = knowledgeOf(state, property);
  // A guard property is readable and non-volatile (section 2), and every run starts by reading
  // every readable property, so its value is always known here.
  if (!value.known) throw new Error(`harness invariant: guard ${property.label} is not known`);
  // Compared by value, exactly (section 2).
  return sameValue(value.value, guard.equals);
}

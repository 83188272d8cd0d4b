/**
 * After a read that the judge accepted, take over the device's own double for values the
 * harness knew only approximately (float arithmetic), so later comparisons are exact again.
 */
import { type JudgeState, knowledgeOf, known, withValue } from './knowledge.js';
import type { ModelIndex } from './model-index.js';
import type { RequestBody } from './predict-request.js';

export function learnFromRead(
  index: ModelIndex,
  state: JudgeState,
  body: RequestBody,
  result: unknown,
): JudgeState {
  if (body.method !== 'get_properties' || !Array.isArray(result)) return state;
  let next = state;
  body.params.forEach((param, i) => {
    const { siid, piid } = param as { siid?: unknown; piid?: unknown };
    const property = index.property(siid, piid);
    const item = result[i] as { code?: unknown; value?: unknown } | undefined;
    if (property === undefined || item?.code !== 0 || typeof item.value !== 'number') return;
    const current = knowledgeOf(next, property);
    if (current.known && current.approximate === true)
      next = withValue(next, property, known(item.value, current.source));
  });
  return next;
}

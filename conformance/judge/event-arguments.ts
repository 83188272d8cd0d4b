/** EDP-NOTIFY-3: an event's arguments are exactly its model arguments, each with a valid value. */
import { valueProblem } from '../../src/model/index.js';
import type { EventArgument } from '../../src/protocol/index.js';
import type { IndexedEvent, ModelIndex } from './model-index.js';

export function eventArgumentsProblem(
  index: ModelIndex,
  event: IndexedEvent,
  args: readonly EventArgument[],
): string | undefined {
  const want = event.spec.arguments;
  const given = args.map((a) => a.piid);
  const sameSet =
    given.length === want.length && want.every((piid) => given.filter((g) => g === piid).length === 1);
  if (!sameSet) return `arguments for piids [${given.join(', ')}], the model lists [${want.join(', ')}]`;
  for (const argument of args) {
    const property = index.property(event.siid, argument.piid);
    if (property === undefined)
      return `argument piid ${argument.piid} is not a property of ${event.service.name}`;
    const problem = valueProblem(property.spec, argument.value);
    if (problem !== undefined) return `argument ${property.label}: ${problem}`;
  }
  return undefined;
}

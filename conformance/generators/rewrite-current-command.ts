/** fast-check arbitrary of writes of a property's current value (EDP-NOTIFY-1: no change, no item). */
import fc from 'fast-check';
import { RewriteCurrentCommand } from '../commands/rewrite-current.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { propertyText } from './address-text.js';

/** `undefined` when the model has no writable, readable, non-volatile notify property. */
export function rewriteCurrentCommand(index: ModelIndex): fc.Arbitrary<RewriteCurrentCommand> | undefined {
  const targets = index.properties.filter((p) => p.writable && p.readable && p.notify && !p.volatile);
  if (targets.length === 0) return undefined;
  return fc.constantFrom(...targets).map((p) => new RewriteCurrentCommand(p, propertyText(p)));
}

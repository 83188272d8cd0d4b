/**
 * The enumerated cases of every constraint (issue 18): each writable property is written one
 * invalid value per constraint it has (EDP-PROP-4, -4005), and each action is called with one
 * invalid `in` per constraint of each argument and per shape of `in` (EDP-ACT-2, -4006), in
 * every certification whatever the seed. Invalid writes are independent (a refused item changes
 * nothing), so they share batches of up to 16 items, each batch one run; each action's calls are
 * one run per argument and one for the shapes, so a failure's counterexample stays short and its
 * violation names the property or argument, the value and the constraint.
 */
import fc from 'fast-check';
import { MAX_BATCH_ITEMS } from '../../src/protocol/index.js';
import { InvalidCallCommand } from '../commands/invalid-call.command.js';
import { InvalidWritesCommand } from '../commands/invalid-writes.command.js';
import type { ModelIndex } from '../judge/model-index.js';
import { actionText, propertyText, show } from './address-text.js';
import { type Constraint, constraintViolations } from './constraint-violations.js';
import type { EnumeratedCase } from './enumerated-cases.js';
import type { ItemSpec } from './get-item.js';
import { guardItems } from './guard-items.js';
import { invalidArgumentCalls, invalidShapeCalls } from './invalid-in.js';

/** Bytes of item JSON a batch may hold, well inside a message's 65,536 (long maxLength strings). */
const BATCH_BYTES = 32_768;

interface InvalidItem {
  readonly spec: ItemSpec;
  readonly label: string;
  readonly constraint: Constraint;
}

/** Every writable property's invalid value per constraint, as set items, model order. */
export function invalidWriteItems(index: ModelIndex): InvalidItem[] {
  return index.properties
    .filter((p) => p.writable)
    .flatMap((p) =>
      constraintViolations(p.spec).map((c) => ({
        label: p.label,
        constraint: c.constraint,
        spec:
          c.missing === true
            ? { item: { siid: p.siid, piid: p.piid }, text: `${propertyText(p)} = (no value)` }
            : {
                item: { siid: p.siid, piid: p.piid, value: c.value },
                text: `${propertyText(p)} = ${show(c.value)} (${c.why})`,
              },
      })),
    );
}

/** The invalid writes in batches of up to 16 items, one case (and run) per batch. */
export function invalidWriteCases(index: ModelIndex): EnumeratedCase[] {
  const batches = batched(invalidWriteItems(index));
  return batches.map((batch, i) => ({
    name: `write an invalid value per constraint, batch ${i + 1} of ${batches.length} (${summary(batch)}): -4005 each`,
    command: fc.constant(new InvalidWritesCommand(batch.map((b) => b.spec))),
  }));
}

/** Each action's invalid calls: one group (run) per argument, one for the shapes of `in`. */
export function invalidCallGroups(index: ModelIndex): EnumeratedCase[][] {
  return index.actions.flatMap((action) => {
    const guard = guardItems(index, action.siid, action.spec.when);
    const groups = [
      ...action.spec.in.map((_, k) => invalidArgumentCalls(index, action, k)),
      invalidShapeCalls(index, action),
    ];
    return groups
      .filter((calls) => calls.length > 0)
      .map((calls) =>
        calls.map((c, j) => ({
          name: `call ${actionText(action)} with ${c.name}: -4006`,
          // The guard is made to hold once per run: refused calls leave it holding.
          command: c.call.map((call) => new InvalidCallCommand(action, call, j === 0 ? guard : [])),
        })),
      );
  });
}

function batched(items: readonly InvalidItem[]): InvalidItem[][] {
  const out: InvalidItem[][] = [];
  let current: InvalidItem[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item.spec.item).length;
    if (current.length === MAX_BATCH_ITEMS || (current.length > 0 && bytes + size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** `light.on: missing, type; light.brightness: min, max, step`. */
function summary(batch: readonly InvalidItem[]): string {
  const byLabel = new Map<string, Constraint[]>();
  for (const item of batch) {
    const list = byLabel.get(item.label) ?? [];
    if (!list.includes(item.constraint)) list.push(item.constraint);
    byLabel.set(item.label, list);
  }
  return [...byLabel].map(([label, constraints]) => `${label}: ${constraints.join(', ')}`).join('; ');
}

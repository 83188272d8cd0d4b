/**
 * What each step of a property's optimal reading (notification-alignment.ts) breaks, in the words
 * of the counterexample, and which steps are the consequence of a write that had to be refused
 * and was applied (EDP-PROP-4 or the rule that refused it leads; the item's violation follows).
 */
import { sameValue } from '../../src/model/index.js';
import { describeExpectedValue, matches } from './expected-value.js';
import { type JudgeState, knowledgeOf } from './knowledge.js';
import type { AlignmentStep } from './notification-alignment.js';
import type { PendingChange, SeenItem, Track } from './notification-track.js';
import type { QuietRecord } from './quiet-writes.js';
import { type Violation, violation } from './violation.js';

/**
 * The violation one step of a property's optimal reading shows, if any: a missing or late item
 * (EDP-NOTIFY-1), a wrong value or order (EDP-NOTIFY-2), an extra item (extraViolation). `deadline`
 * is the notification deadline; `state` what the harness knows now.
 */
export function stepViolation(
  track: Track,
  step: AlignmentStep,
  deadline: number,
  state: JudgeState,
): Violation | undefined {
  const label = track.property.label;
  switch (step.op) {
    case 'match':
      return undefined;
    case 'missing': {
      if (!step.due) return undefined;
      const c = track.changes[step.change] as PendingChange;
      const what = `one properties_changed item ${label} = ${describeExpectedValue(c.expected)} within ${deadline} ms of the response to ${c.cause.description}`;
      return violation('EDP-NOTIFY-1', what, 'no such item', c.cause.traceRef);
    }
    case 'late': {
      const c = track.changes[step.change] as PendingChange;
      const item = track.items[step.item] as SeenItem;
      const what = `one properties_changed item ${label} = ${describeExpectedValue(c.expected)} within ${deadline} ms of the response to ${c.cause.description}`;
      return violation('EDP-NOTIFY-1', what, `${item.shown}, after that deadline`, item.ref);
    }
    case 'wrong': {
      const c = track.changes[step.change] as PendingChange;
      const item = track.items[step.item] as SeenItem;
      return consequence(
        violation(
          'EDP-NOTIFY-2',
          `next item for ${label}: ${describeExpectedValue(c.expected)} (${c.cause.description})`,
          item.shown,
          item.ref,
        ),
        item,
      );
    }
    case 'swap': {
      const item = track.items[step.items[1]] as SeenItem;
      return violation(
        'EDP-NOTIFY-2',
        `items for ${label} in the order of its changes`,
        `${item.shown} (for an earlier change) after an item for a later change`,
        item.ref,
      );
    }
    case 'extra': {
      const item = track.items[step.item] as SeenItem;
      if (item.free) return undefined;
      return consequence(extraViolation(track, step.item, state), item);
    }
  }
}

/**
 * An item no change took: an unchanged write's (EDP-NOTIFY-1), a second item for a change
 * (EDP-NOTIFY-1), the value it still held before a change whose item came later (EDP-NOTIFY-1:
 * no change), an executed repeat's (EDP-RPC-5), an item for no change of the value
 * (EDP-NOTIFY-2), or one for a property that did not change (EDP-NOTIFY-1).
 */
function extraViolation(track: Track, at: number, state: JudgeState): Violation {
  const item = track.items[at] as SeenItem;
  const label = track.property.label;
  const quiet = item.quiet;
  if (quiet?.write.kind === 'unchanged') return unchangedViolation(label, quiet, item.shown, item.ref);
  const before = track.changes.slice(0, item.registered);
  const repeated = before.findLast((c) => matches(c.expected, item.value));
  if (repeated !== undefined) {
    // A value one of its changes took, once more: a second item for that change.
    return violation(
      'EDP-NOTIFY-1',
      `one item for ${label} per change (${describeExpectedValue(repeated.expected)}, ${repeated.cause.description})`,
      `${item.shown} again`,
      item.ref,
    );
  }
  const current = knowledgeOf(state, track.property);
  const unchanged = before.length === 0 && current.known && sameValue(current.value, item.value);
  const held = heldBefore(track, at);
  if (held !== undefined) {
    // The value it held before a change whose own item came later: an item for no change, not a
    // value it never had (issue 18: the partner's plug notified a no-op just after the next command).
    // Even when a repeat wrote this value: this reading costs one EDP-NOTIFY-1, the fewest an item
    // no change owes can cost; reading the repeat as executed costs EDP-RPC-5 and mostly more (the
    // change's own item, coming later, then runs backwards: EDP-NOTIFY-2; a repeated batch that
    // wrote the value back left its first change unnotified), and a tie goes to EDP-NOTIFY-1 as for
    // an item of no change (issue 18, the held-value mutator at 300 runs).
    return violation(
      'EDP-NOTIFY-1',
      `no item for ${label} but for its changes: it held ${JSON.stringify(item.value)} until ${held.cause.description}`,
      item.shown,
      item.ref,
    );
  }
  // A repeated id is blamed only when nothing else explains the item (issue 11, 18).
  if (quiet?.write.kind === 'forbidden' && !unchanged) {
    return violation(
      'EDP-RPC-5',
      `no effects of ${quiet.cause.description}: a repeated id is answered from the stored response`,
      `${item.shown}: the repeat was executed`,
      item.ref,
    );
  }
  const last = before.at(-1);
  if (last !== undefined) {
    return violation(
      'EDP-NOTIFY-2',
      `items for ${label} only for its changes, each with the value it took (last: ${describeExpectedValue(last.expected)}, ${last.cause.description})`,
      item.shown,
      item.ref,
    );
  }
  const now = current.known ? ` (it is ${JSON.stringify(current.value)})` : '';
  return violation('EDP-NOTIFY-1', `no item for ${label}: it did not change${now}`, item.shown, item.ref);
}

/**
 * A change registered when the item at `at` came, whose old value the item carries, and whose own
 * item (one with its new value) had not come before it: the item reports the value as it was.
 */
function heldBefore(track: Track, at: number): PendingChange | undefined {
  const item = track.items[at] as SeenItem;
  return track.changes.slice(0, item.registered).find((c) => {
    const old = c.change.before;
    if (old?.known !== true || !sameValue(old.value, item.value)) return false;
    return !track.items.slice(0, at).some((i) => matches(c.expected, i.value));
  });
}

/** An item carrying the value of a write that had to be refused: the device applied it (EDP-PROP-4 leads). */
function consequence(v: Violation, item: SeenItem): Violation {
  return item.quiet?.write.kind === 'refused'
    ? { ...v, consequenceOf: item.quiet.write.refusedBy ?? 'EDP-PROP-4' }
    : v;
}

function unchangedViolation(
  label: string,
  quiet: QuietRecord,
  shown: string,
  ref: number | undefined,
): Violation {
  const value = quiet.write.value.known ? JSON.stringify(quiet.write.value.value) : 'its value';
  const found = violation(
    'EDP-NOTIFY-1',
    `no item for ${label}: ${quiet.cause.description} wrote ${value}, which it already held (not a change)`,
    shown,
    ref,
  );
  // After an item of the same batch that had to be refused: a change only if the device applied
  // that, which an item carrying its value shows (EDP-PROP-4 leads). Without one, every reading
  // breaks EDP-NOTIFY-1 (applied unnotified, or not applied and this item a non-change), so it is
  // this write's own (issue 18: the outside kettle's `heating` after a refused `[]`).
  const applied = quiet.refusedBefore.some((r) => r.shownApplied);
  return quiet.write.refusedBy === undefined || !applied
    ? found
    : { ...found, consequenceOf: quiet.write.refusedBy };
}

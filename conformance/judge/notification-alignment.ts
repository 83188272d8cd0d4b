/**
 * The most charitable reading of one property's properties_changed items (EDP-NOTIFY-1/2): an
 * optimal in-order alignment of the items that arrived against the changes the harness predicted,
 * like an edit distance. A timely item with the change's value costs nothing; a change whose item
 * never came (its deadline passed) costs one violation (EDP-NOTIFY-1); an item with another value
 * in a change's place costs one (EDP-NOTIFY-2, a value the property never had at that change); a
 * matching item that came after its deadline costs one (EDP-NOTIFY-1, late); two adjacent items
 * that swapped places cost one (EDP-NOTIFY-2, order); an item no change owes costs one (it is then
 * charged to whatever explains it: an unchanged write, a refused write, an executed repeat) — or
 * nothing, when the harness cannot know the value changed. Of all readings, the judge takes the
 * one with the fewest violations; among equals, one that names an explanation over one that does
 * not. Greedy first-fit matching is what this replaces: it picked two violations over one. Pure.
 */
import type { ExpectedValue } from './expected-value.js';
import { matches } from './expected-value.js';

export interface AlignedChange {
  readonly expected: ExpectedValue;
  /** False when the harness cannot tell whether the value changed (its item may never come). */
  readonly certain: boolean;
  /** Notification deadline (∞ before the response). */
  readonly deadlineMs: number;
}

export interface AlignedItem {
  readonly value: unknown;
  /** When it arrived on the judge's clock; undefined: not timed (always in time). */
  readonly atMs: number | undefined;
  /** How many of the property's changes had been registered when it arrived: it can answer only those. */
  readonly registered: number;
  /** Nothing is owed for it: the harness cannot know the value did not change. */
  readonly free: boolean;
  /** A write it can be charged to (an unchanged, refused or repeated write carrying its value). */
  readonly explained: boolean;
}

export type AlignmentStep =
  | { readonly op: 'match'; readonly item: number; readonly change: number }
  | { readonly op: 'late'; readonly item: number; readonly change: number }
  | { readonly op: 'wrong'; readonly item: number; readonly change: number }
  | {
      readonly op: 'swap';
      readonly items: readonly [number, number];
      readonly changes: readonly [number, number];
    }
  | { readonly op: 'extra'; readonly item: number }
  /** `due`: its deadline has passed by `nowMs` (a violation); else it may still come. */
  | { readonly op: 'missing'; readonly change: number; readonly due: boolean };

export interface Alignment {
  readonly steps: readonly AlignmentStep[];
  /** Violations in this reading (changes still in time count none). */
  readonly violations: number;
}

/** Violations weigh 4; an unexplained extra item or a wrong value 1 more: ties go to named explanations. */
const VIOLATION = 4;

export function alignItems(
  changes: readonly AlignedChange[],
  items: readonly AlignedItem[],
  nowMs: number,
): Alignment {
  const n = items.length;
  const m = changes.length;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Infinity));
  const from: (AlignmentStep | undefined)[][] = Array.from({ length: n + 1 }, () =>
    new Array<AlignmentStep | undefined>(m + 1).fill(undefined),
  );
  (cost[0] as number[])[0] = 0;
  const relax = (i: number, j: number, c: number, step: AlignmentStep) => {
    const row = cost[i] as number[];
    if (c < (row[j] as number)) {
      row[j] = c;
      (from[i] as (AlignmentStep | undefined)[])[j] = step;
    }
  };
  const at = (i: number, j: number) => (cost[i] as number[])[j] as number;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      const here = at(i, j);
      if (!Number.isFinite(here)) continue;
      const change = changes[j];
      const item = items[i];
      if (change !== undefined) {
        const due = change.deadlineMs < nowMs;
        const c = change.certain && due ? VIOLATION : 0;
        relax(i, j + 1, here + c, { op: 'missing', change: j, due: change.certain && due });
      }
      if (item !== undefined) {
        const c = item.free ? 0 : VIOLATION + (item.explained ? 0 : 1);
        relax(i + 1, j, here + c, { op: 'extra', item: i });
      }
      if (item !== undefined && change !== undefined && item.registered > j) {
        const same = matches(change.expected, item.value);
        const timely = inTime(item, change);
        if (same && timely) relax(i + 1, j + 1, here, { op: 'match', item: i, change: j });
        else if (same) relax(i + 1, j + 1, here + VIOLATION, { op: 'late', item: i, change: j });
        else if (timely) relax(i + 1, j + 1, here + VIOLATION + 1, { op: 'wrong', item: i, change: j });
      }
      const next = items[i + 1];
      const after = changes[j + 1];
      if (item !== undefined && next !== undefined && change !== undefined && after !== undefined) {
        const swapped =
          next.registered > j &&
          item.registered > j + 1 &&
          matches(after.expected, item.value) &&
          matches(change.expected, next.value) &&
          inTime(item, after) &&
          inTime(next, change);
        if (swapped)
          relax(i + 2, j + 2, here + VIOLATION, { op: 'swap', items: [i, i + 1], changes: [j, j + 1] });
      }
    }
  }
  const steps: AlignmentStep[] = [];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const step = (from[i] as (AlignmentStep | undefined)[])[j] as AlignmentStep;
    steps.unshift(step);
    if (step.op === 'swap') {
      i -= 2;
      j -= 2;
    } else {
      if (step.op !== 'missing') i--;
      if (step.op !== 'extra') j--;
    }
  }
  const violations = steps.filter(
    (s) =>
      s.op === 'late' ||
      s.op === 'wrong' ||
      s.op === 'swap' ||
      (s.op === 'missing' && s.due) ||
      (s.op === 'extra' && !(items[s.item] as AlignedItem).free),
  ).length;
  return { steps, violations };
}

function inTime(item: AlignedItem, change: AlignedChange): boolean {
  return item.atMs === undefined || item.atMs <= change.deadlineMs;
}

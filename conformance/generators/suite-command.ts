/**
 * The command mix of the model-based suite, built from ANY model: every kind the model allows,
 * weighted so that each kind runs several times in every run of ~20 commands. Each kind also
 * names its examples: arbitraries of which the suite draws one single-command run each at the
 * start of every check (each malformed category, each action with its guard, each `add` at the
 * edge it overflows), so every corner is tried on its own, early, whatever the seed.
 */
import fc from 'fast-check';
import type { Binding } from '../../src/result/index.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import type { ModelIndex } from '../judge/model-index.js';
import { actionAtEdgeCommand, edgeTargets } from './action-at-edge-command.js';
import { actionCommand } from './action-command.js';
import { getCommand } from './get-command.js';
import { malformedCommand } from './malformed-command.js';
import { repeatCommand } from './repeat-command.js';
import { rewriteCurrentCommand } from './rewrite-current-command.js';
import { setCommand } from './set-command.js';
import { writeReadCommand } from './write-read-command.js';

export type SuiteCommand = fc.AsyncCommand<SuiteModel, RunSession>;

export interface CommandKind {
  readonly name: string;
  readonly weight: number;
  readonly arbitrary: fc.Arbitrary<SuiteCommand>;
  /** One single-command example run is drawn from each. */
  readonly examples: readonly fc.Arbitrary<SuiteCommand>[];
}

export interface SuiteCommandConstraints {
  /** Decides which malformed frames can be sent. Default `mqtt`. */
  readonly binding?: Binding;
}

export function commandKinds(index: ModelIndex, constraints: SuiteCommandConstraints = {}): CommandKind[] {
  const binding = constraints.binding ?? 'mqtt';
  const kinds: CommandKind[] = [];
  const add = (
    name: string,
    weight: number,
    arbitrary: fc.Arbitrary<SuiteCommand> | undefined,
    examples?: ReadonlyArray<fc.Arbitrary<SuiteCommand> | undefined>,
  ) => {
    if (arbitrary === undefined) return;
    const drawn = (examples ?? [arbitrary]).filter((e): e is fc.Arbitrary<SuiteCommand> => e !== undefined);
    kinds.push({ name, weight, arbitrary, examples: drawn });
  };
  add('get', 3, getCommand(index));
  add('set', 4, setCommand(index));
  add('write-read', 2, writeReadCommand(index));
  add('rewrite-current', 1, rewriteCurrentCommand(index));
  if (index.actions.length > 0) {
    const each = index.actions.map((action) => actionCommand(index, { action }));
    add('action', 3, actionCommand(index, { valid: true }), each);
  }
  add('bad-action', 2, actionCommand(index, { valid: false }));
  const edges = edgeTargets(index).map((target) => actionAtEdgeCommand(index, { target }));
  add('action-at-edge', 2, actionAtEdgeCommand(index), edges);
  add('repeat', 2, repeatCommand(index), [
    repeatCommand(index, { sameBody: true }),
    repeatCommand(index, { sameBody: false }),
  ]);
  // Every malformed frame is an enumerated case of its own (enumerated-cases.ts): no example drawn here.
  add('malformed', 1, malformedCommand(index, { binding }), []);
  return kinds;
}

export function suiteCommand(
  index: ModelIndex,
  constraints: SuiteCommandConstraints = {},
): fc.Arbitrary<SuiteCommand> {
  return fc.oneof(
    ...commandKinds(index, constraints).map(({ weight, arbitrary }) => ({ weight, arbitrary })),
  );
}

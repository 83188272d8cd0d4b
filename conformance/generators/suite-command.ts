/**
 * The command mix of the model-based suite, built from ANY model: every kind the model allows,
 * weighted so that each kind runs several times in every run of ~20 commands. `commandKinds`
 * also seeds the suite's first runs: one short run per kind, so every kind is tried on its
 * own, early, whatever the seed.
 */
import fc from 'fast-check';
import type { Binding } from '../../src/result/certification-result.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import type { ModelIndex } from '../oracle/model-index.js';
import { actionAtEdgeCommand } from './action-at-edge-command.js';
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
}

export interface SuiteCommandConstraints {
  /** Decides which malformed frames can be sent. Default `mqtt`. */
  readonly binding?: Binding;
}

export function commandKinds(index: ModelIndex, constraints: SuiteCommandConstraints = {}): CommandKind[] {
  const kinds: CommandKind[] = [
    { name: 'get', weight: 3, arbitrary: getCommand(index) },
    { name: 'set', weight: 4, arbitrary: setCommand(index) },
  ];
  const optional = (name: string, weight: number, arbitrary: fc.Arbitrary<SuiteCommand> | undefined) => {
    if (arbitrary !== undefined) kinds.push({ name, weight, arbitrary });
  };
  optional('write-read', 2, writeReadCommand(index));
  optional('rewrite-current', 1, rewriteCurrentCommand(index));
  if (index.actions.length > 0) {
    kinds.push({ name: 'action', weight: 3, arbitrary: actionCommand(index, { valid: true }) });
  }
  kinds.push({ name: 'bad-action', weight: 2, arbitrary: actionCommand(index, { valid: false }) });
  optional('action-at-edge', 2, actionAtEdgeCommand(index));
  kinds.push({ name: 'repeat', weight: 2, arbitrary: repeatCommand(index) });
  kinds.push({
    name: 'malformed',
    weight: 1,
    arbitrary: malformedCommand(index, { binding: constraints.binding ?? 'mqtt' }),
  });
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

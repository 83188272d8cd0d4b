/**
 * The arbitraries of one fast-check check: the run's initial state (not shrunk: the trace shows
 * the writes, and shrinking it would only repeat the setup) and the command sequence. Built
 * fresh for every check, since fc.commands keeps replay state per instance. The examples that
 * open every check are one short run per command kind, drawn from the check's seed.
 */
import fc from 'fast-check';
import type { Binding } from '../../../src/result/certification-result.js';
import { type InitialState, initialState } from '../../generators/initial-state.js';
import { commandKinds, type SuiteCommand, suiteCommand } from '../../generators/suite-command.js';
import type { ModelIndex } from '../../oracle/model-index.js';

export type SuiteValue = [InitialState, Iterable<SuiteCommand>];

export interface SuiteArbitraryOptions {
  readonly binding: Binding;
  /** Longest command sequence of a run. */
  readonly maxCommands: number;
  readonly commandsReplayPath?: string;
}

export function suiteArbitraries(
  index: ModelIndex,
  options: SuiteArbitraryOptions,
): [fc.Arbitrary<InitialState>, fc.Arbitrary<Iterable<SuiteCommand>>] {
  const constraints =
    options.commandsReplayPath === undefined
      ? { maxCommands: options.maxCommands, size: 'max' as const }
      : { maxCommands: options.maxCommands, size: 'max' as const, replayPath: options.commandsReplayPath };
  return [
    fc.noShrink(initialState(index)),
    fc.commands([suiteCommand(index, { binding: options.binding })], constraints),
  ];
}

/** Single-command runs, one per example of each kind, in kind order (malformed frames last). */
export function suiteExamples(index: ModelIndex, binding: Binding, seed: number): SuiteValue[] {
  const init = initialState(index);
  const examples = commandKinds(index, { binding }).flatMap((kind) => kind.examples);
  return examples.map((example, i) => {
    const [value] = fc.sample(fc.tuple(init, example), { seed: seed + i, numRuns: 1 });
    const [state, command] = value as [InitialState, SuiteCommand];
    return [state, [command]];
  });
}

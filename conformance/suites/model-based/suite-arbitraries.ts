/**
 * The arbitraries of one fast-check check: the run's initial state (not shrunk: the trace shows
 * the writes, and shrinking it would only repeat the setup) and the command sequence. Built
 * fresh for every check, since fc.commands keeps replay state per instance. The examples that
 * open every check are one short run per command kind, drawn from the check's seed.
 */
import fc from 'fast-check';
import type { Binding } from '../../../src/result/index.js';
import { EnumeratedCaseCommand } from '../../commands/enumerated-case.command.js';
import { enumeratedRunCommands, enumeratedRuns } from '../../generators/enumerated-cases.js';
import { type InitialState, initialState } from '../../generators/initial-state.js';
import { commandKinds, type SuiteCommand, suiteCommand } from '../../generators/suite-command.js';
import type { ModelIndex } from '../../judge/model-index.js';

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

/**
 * The runs that open every check, whatever the seed (only their values are drawn from it):
 * the enumerated cases, one run per rule (generators/enumerated-cases.ts, malformed frames
 * last), after single-command runs, one per example of each command kind.
 */
export function suiteExamples(index: ModelIndex, binding: Binding, seed: number): SuiteValue[] {
  const init = initialState(index);
  const single = commandKinds(index, { binding })
    .flatMap((kind) => kind.examples)
    .map((example) => example.map((command) => [command]));
  const runs = [...single, ...enumeratedRuns(index, binding).map(enumeratedRunCommands)];
  return runs.map((commands, i) => {
    const [value] = fc.sample(fc.tuple(init, commands), { seed: seed + i, numRuns: 1 });
    const [state, sequence] = value as [InitialState, SuiteCommand[]];
    return [state, sequence];
  });
}

/** Whether a run's commands hold an enumerated case not sent yet (such a run is never skipped unsent). */
export function sendsNewCase(coveredCases: ReadonlySet<string>, commands: Iterable<SuiteCommand>): boolean {
  return (
    Array.isArray(commands) &&
    commands.some((c) => c instanceof EnumeratedCaseCommand && !coveredCases.has(`${c.rule} ${c.name}`))
  );
}

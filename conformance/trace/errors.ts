/** What can stop a trace replay before any verdict: a file that is not a trace, or a trace for another model (exit 2). */
import { FleetcertError } from '../../src/index.js';

export class TraceFileError extends FleetcertError {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      'FLEETCERT_TRACE',
      `${source} is not a fleetcert trace file fleetcert can replay:\n${problems.map((p) => `  - ${p}`).join('\n')}\nUse a traces/RULE.trace.json that \`fleetcert certify\` wrote.`,
      { exitCode: 2 },
    );
    this.name = 'TraceFileError';
  }
}

export class TraceModelMismatchError extends FleetcertError {
  constructor(
    readonly source: string,
    readonly recorded: { readonly id: string; readonly sha256: string },
    readonly actual: { readonly id: string; readonly sha256: string; readonly from: string },
  ) {
    super(
      'FLEETCERT_TRACE_MODEL',
      `${source} was recorded against model ${recorded.id} sha256:${recorded.sha256}, but the model here (${actual.id}, ${actual.from}) hashes to sha256:${actual.sha256}: its exchange would be judged against another model. Replay it with the model it was recorded for (--model), or certify again to record a new trace.`,
      { exitCode: 2 },
    );
    this.name = 'TraceModelMismatchError';
  }
}

export class TraceSealError extends FleetcertError {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(
      'FLEETCERT_TRACE_SEAL',
      `${source} was changed after fleetcert wrote it, so it is not replayed (--verify):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { exitCode: 2 },
    );
    this.name = 'TraceSealError';
  }
}

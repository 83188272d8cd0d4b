/**
 * What replays one failure exactly: fast-check's seed and path, plus the commands replay path
 * (which commands of each shrunk sequence ran), since fc.commands cannot shrink along a path
 * without it. Written `SEED:PATH[@REPLAYPATH]` on the command line: `--replay 42:17:3:0@BAB:z`.
 */
import { UsageError } from '../../../src/index.js';

export interface ReplayToken {
  readonly seed: number;
  /** fast-check's path: run index, then shrink steps, `:`-separated. */
  readonly path: string;
  /** fc.commands' replayPath, when the path goes past the run index. */
  readonly commandsReplayPath?: string;
}

export function formatReplayToken(token: ReplayToken): string {
  const suffix = token.commandsReplayPath === undefined ? '' : `@${token.commandsReplayPath}`;
  return `${token.seed}:${token.path}${suffix}`;
}

export function parseReplayToken(text: string): ReplayToken {
  const match = /^(-?\d+):(\d+(?::\d+)*)(?:@([A-Za-z0-9+/]*:[A-Za-z0-9+/]*))?$/.exec(text.trim());
  if (match === null) {
    throw new UsageError(
      `--replay ${JSON.stringify(text)} is not SEED:PATH[@REPLAYPATH]; copy it from the result's replay command (e.g. --replay 42:17:3:0@BAB:z)`,
    );
  }
  const seed = Number(match[1]);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--replay seed ${match[1]} is not a whole number`);
  const path = match[2] as string;
  return match[3] === undefined ? { seed, path } : { seed, path, commandsReplayPath: match[3] };
}

/** The replayPath fast-check writes into a commands counterexample's text, if any. */
export function commandsReplayPathOf(counterexample: unknown): string | undefined {
  const text = String(counterexample);
  const match = /replayPath="([^"]*)"/.exec(text);
  return match?.[1] === undefined || match[1] === '' ? undefined : match[1];
}

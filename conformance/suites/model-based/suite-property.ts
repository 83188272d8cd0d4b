/**
 * The fast-check property of the model-based suite: set up a run (initial state written, then
 * read), run the commands with fc.asyncModelRun, wait for the notifications the run expects,
 * and end the run on a violation (see harness/run-outcome.ts). Keeps the record of the last
 * failing run, which after shrinking is the counterexample.
 */
import fc from 'fast-check';
import type { HarnessContext } from '../../harness/harness-context.js';
import { RuleViolationFailure, type RunRecord, type RunTarget } from '../../harness/run-outcome.js';
import { RunSession } from '../../harness/run-session.js';
import { setUpRun } from '../../harness/run-setup.js';
import { type SuiteValue, sendsNewCase } from './suite-arbitraries.js';

/** Stops the suite from waiting out deadline after deadline once the device answers nothing. */
export interface SilenceBreaker {
  /** True once the device has left this many requests in a row unanswered. */
  readonly open: boolean;
}

export interface SuitePropertyState {
  lastFailure: RunRecord | undefined;
  /** Runs that reached the device. */
  runs: number;
  /** Runs skipped because the device broke a rule outside the target. */
  skips: number;
  /**
   * Runs judged to the end without a violation: the only runs a rule passes by. fast-check
   * abandons a run still going at its time limit (interruptAfterTimeLimit); such a run judged
   * nothing, and `cutInFlightRun` stops it so it never counts nor talks to the device again.
   */
  passed: number;
  /** The run going on now, if any. */
  inFlight: { readonly session: RunSession; readonly done: Promise<void> } | undefined;
}

export function newPropertyState(): SuitePropertyState {
  return { lastFailure: undefined, runs: 0, skips: 0, passed: 0, inFlight: undefined };
}

/**
 * After fc.check returns: a run it abandoned at its time limit is still going in the background;
 * cut it short and wait until it has let go of the link (the next run, shrink or replay must be
 * the only one talking to the device).
 */
export async function cutInFlightRun(state: SuitePropertyState): Promise<void> {
  const run = state.inFlight;
  if (run === undefined) return;
  run.session.cut();
  await run.done;
}

export interface SuitePropertyOptions {
  /** Run at most this many times; later values are skipped (replaying one value). */
  readonly maxRuns?: number;
  /**
   * After this many skipped runs, skip the rest without contacting the device: a device that
   * breaks a failed rule in most runs would otherwise cost a full run (or a deadline) per skip.
   */
  readonly maxSkips?: number;
  /** Aborted (Ctrl-C): no further run starts. */
  readonly signal?: AbortSignal;
}

export function suiteProperty(
  ctx: HarnessContext,
  target: RunTarget,
  arbitraries: readonly [fc.Arbitrary<SuiteValue[0]>, fc.Arbitrary<SuiteValue[1]>],
  breaker: SilenceBreaker,
  state: SuitePropertyState,
  options: SuitePropertyOptions = {},
): fc.IAsyncProperty<SuiteValue> {
  return fc.asyncProperty(arbitraries[0], arbitraries[1], async (initial, commands) => {
    fc.pre(!breaker.open && state.runs < (options.maxRuns ?? Number.POSITIVE_INFINITY));
    fc.pre(options.signal?.aborted !== true);
    fc.pre(
      state.skips < (options.maxSkips ?? Number.POSITIVE_INFINITY) ||
        sendsNewCase(ctx.coveredCases, commands),
    );
    state.runs++;
    const session = new RunSession(ctx, target);
    let ended = () => {};
    state.inFlight = { session, done: new Promise<void>((resolve) => (ended = resolve)) };
    session.start();
    try {
      await setUpRun(session, initial, { singleItems: ctx.batchesBroken });
      await fc.asyncModelRun(() => ({ model: session.model, real: session }), commands);
      await session.finish();
      if (!session.wasCut) state.passed++;
    } catch (error) {
      if (session.wasCut) throw error;
      if (error instanceof RuleViolationFailure) state.lastFailure = error.record;
      else state.skips++;
      await session.settle();
      throw error;
    } finally {
      session.close();
      state.inFlight = undefined;
      ended();
      ctx.onRunDone?.();
    }
  });
}

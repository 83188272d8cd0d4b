/**
 * A run as a list of named tasks, each with `setup` and an optional `teardown` (Playwright's
 * task runner, HOUSE). Setups run in order; teardowns run in reverse for every task whose setup
 * began, also after a failure. One whole-run deadline and an abort signal (the CLI's SIGINT
 * watcher) race the loop, so a run cannot hang, and what failed is named by its task. A run
 * that is stopped never loses its work: the task it stopped may settle with what it gathered
 * (`settleMs`), and tasks marked `always` (writing the results) still run.
 */
import { FleetcertError } from '../errors.js';
import { type Logger, silentLogger } from '../log/index.js';

export interface Task<C> {
  readonly name: string;
  setup(context: C, signal: AbortSignal): Promise<void>;
  teardown?(context: C): Promise<void>;
  /**
   * When the run is stopped (deadline, interrupt) during this setup, its signal is aborted and
   * it gets this long to finish with what it has (the judge hands over the verdicts it has).
   * The run still ends there. Default 0: abandoned at once.
   */
  readonly settleMs?: number | ((context: C) => number);
  /** Runs even after an earlier task failed or the run was stopped (writing what was gathered). */
  readonly always?: boolean;
}

export type TaskRunStatus = 'passed' | 'failed' | 'timedout' | 'interrupted';

export interface TaskRunOutcome {
  readonly status: TaskRunStatus;
  /** The task that failed, ran out of time or was interrupted. */
  readonly task?: string;
  readonly error?: unknown;
  /** Teardowns that failed (after the run's own outcome). */
  readonly teardownErrors: readonly { readonly task: string; readonly error: unknown }[];
}

export interface TaskRunOptions {
  /** The whole run, setups and teardowns' start included. */
  readonly deadlineMs: number;
  /** Aborted by the edge (SIGINT): the running setup is abandoned, teardowns still run. */
  readonly signal?: AbortSignal;
  /** Each teardown, and each `always` task after a stop, gets at most this long. Default 15 s. */
  readonly teardownTimeoutMs?: number;
  readonly logger?: Logger;
}

/** The run's limit passed before its tasks were done. */
export class RunTimeoutError extends FleetcertError {
  constructor(task: string, deadlineMs: number) {
    super(
      'FLEETCERT_RUN_TIMEOUT',
      `the run did not finish within ${deadlineMs / 1000} s (stopped during "${task}"); give it more time with --run-timeout, or look at why "${task}" hangs`,
      { exitCode: 2 },
    );
  }
}

export class RunInterruptedError extends FleetcertError {
  constructor(task: string) {
    super('FLEETCERT_INTERRUPTED', `interrupted during "${task}"`, { exitCode: 2 });
  }
}

export async function runTasks<C>(
  tasks: readonly Task<C>[],
  context: C,
  options: TaskRunOptions,
): Promise<TaskRunOutcome> {
  const logger = options.logger ?? silentLogger();
  const controller = new AbortController();
  const abortRun = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', abortRun, { once: true });
  const begun: Task<C>[] = [];
  let outcome: Omit<TaskRunOutcome, 'teardownErrors'> = { status: 'passed' };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timedout'>((resolve) => {
    timer = setTimeout(() => resolve('timedout'), options.deadlineMs);
  });
  const interrupted = new Promise<'interrupted'>((resolve) => {
    if (options.signal?.aborted) resolve('interrupted');
    options.signal?.addEventListener('abort', () => resolve('interrupted'), { once: true });
  });
  const limitMs = options.teardownTimeoutMs ?? 15_000;
  try {
    for (const task of tasks) {
      const stopped = outcome.status !== 'passed';
      if (stopped && task.always !== true) continue;
      begun.push(task);
      logger.debug({ task: task.name }, 'task setup');
      const setup = task.setup(context, controller.signal).then(
        () => 'done' as const,
        (error: unknown) => ({ error }),
      );
      if (stopped) {
        // The run already ended; this task only saves what it can, within a limit of its own.
        const late = await withinLimit(setup, limitMs);
        if (late !== 'done')
          logger.warn(
            { task: task.name, err: late === 'late' ? `took over ${limitMs} ms` : String(late.error) },
            'task after the run stopped failed',
          );
        continue;
      }
      const result = await Promise.race([setup, deadline, interrupted]);
      if (result === 'done') continue;
      if (result === 'timedout') {
        const error = new RunTimeoutError(task.name, options.deadlineMs);
        controller.abort(error);
        outcome = { status: 'timedout', task: task.name, error };
      } else if (result === 'interrupted') {
        outcome = { status: 'interrupted', task: task.name, error: new RunInterruptedError(task.name) };
      } else {
        outcome = { status: 'failed', task: task.name, error: result.error };
        continue;
      }
      const settleMs = typeof task.settleMs === 'function' ? task.settleMs(context) : (task.settleMs ?? 0);
      if (settleMs > 0) await withinLimit(setup, settleMs);
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', abortRun);
  }
  const teardownErrors: { task: string; error: unknown }[] = [];
  for (const task of begun.reverse()) {
    if (!task.teardown) continue;
    logger.debug({ task: task.name }, 'task teardown');
    let limit: NodeJS.Timeout | undefined;
    const timeoutMs = limitMs;
    try {
      await Promise.race([
        task.teardown(context),
        new Promise((_, reject) => {
          limit = setTimeout(
            () => reject(new Error(`teardown of "${task.name}" took over ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      logger.warn({ task: task.name, err: (error as Error).message }, 'teardown failed');
      teardownErrors.push({ task: task.name, error });
    } finally {
      clearTimeout(limit);
    }
  }
  return { ...outcome, teardownErrors };
}

/** `'done'`, the setup's error, or `'late'` once `limitMs` passed first. */
async function withinLimit(
  setup: Promise<'done' | { error: unknown }>,
  limitMs: number,
): Promise<'done' | 'late' | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), limitMs);
  });
  try {
    return await Promise.race([setup, late]);
  } finally {
    clearTimeout(timer);
  }
}

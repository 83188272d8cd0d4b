import { describe, expect, it } from 'vitest';
import { RunTimeoutError, runTasks, type Task } from './task-runner.js';

type Log = string[];
const task = (
  name: string,
  setup: (log: Log, signal: AbortSignal) => Promise<void> = async () => undefined,
): Task<Log> => ({
  name,
  async setup(log, signal) {
    log.push(`setup ${name}`);
    await setup(log, signal);
  },
  async teardown(log) {
    log.push(`teardown ${name}`);
  },
});

describe('runTasks', () => {
  it('sets up in order and tears down in reverse', async () => {
    const log: Log = [];
    const outcome = await runTasks([task('broker'), task('fleet'), task('hub')], log, { deadlineMs: 5_000 });
    expect(outcome).toEqual({ status: 'passed', teardownErrors: [] });
    expect(log).toEqual([
      'setup broker',
      'setup fleet',
      'setup hub',
      'teardown hub',
      'teardown fleet',
      'teardown broker',
    ]);
  });

  it('names the failing task, skips the rest, and still tears down what began', async () => {
    const log: Log = [];
    const outcome = await runTasks(
      [task('broker'), task('fleet', async () => Promise.reject(new Error('no broker'))), task('hub')],
      log,
      { deadlineMs: 5_000 },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.task).toBe('fleet');
    expect((outcome.error as Error).message).toBe('no broker');
    expect(log).toEqual(['setup broker', 'setup fleet', 'teardown fleet', 'teardown broker']);
  });

  it('one deadline for the whole run: a hanging setup is abandoned (its signal aborted) and named', async () => {
    const log: Log = [];
    let aborted = false;
    const outcome = await runTasks(
      [
        task('broker'),
        task(
          'app sessions',
          (_log, signal) => new Promise(() => signal.addEventListener('abort', () => (aborted = true))),
        ),
      ],
      log,
      { deadlineMs: 300 },
    );
    expect(outcome.status).toBe('timedout');
    expect(outcome.task).toBe('app sessions');
    expect(outcome.error).toBeInstanceOf(RunTimeoutError);
    expect(aborted).toBe(true);
    expect(log.slice(-2)).toEqual(['teardown app sessions', 'teardown broker']);
  });

  it('an abort (SIGINT at the edge) interrupts the running task and tears everything down', async () => {
    const log: Log = [];
    const controller = new AbortController();
    const running = runTasks([task('broker'), task('hub', () => new Promise(() => undefined))], log, {
      deadlineMs: 60_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const outcome = await running;
    expect(outcome).toMatchObject({ status: 'interrupted', task: 'hub' });
    expect(log).toEqual(['setup broker', 'setup hub', 'teardown hub', 'teardown broker']);
  });

  it('a teardown that fails or hangs is reported and the others still run', async () => {
    const log: Log = [];
    const broken: Task<Log> = {
      name: 'fleet',
      setup: async () => undefined,
      teardown: () => new Promise(() => undefined),
    };
    const outcome = await runTasks([task('broker'), broken], log, {
      deadlineMs: 5_000,
      teardownTimeoutMs: 100,
    });
    expect(outcome.status).toBe('passed');
    expect(outcome.teardownErrors.map((e) => e.task)).toEqual(['fleet']);
    expect(log.at(-1)).toBe('teardown broker');
  });

  it('a stopped run loses no work: the running task settles with what it has and `always` tasks still run', async () => {
    for (const stop of ['deadline', 'interrupt'] as const) {
      const log: Log = [];
      const controller = new AbortController();
      const judged: string[] = [];
      const sessions: Task<Log> = {
        ...task('app sessions', (l, signal) => {
          // Like the judge: it stops starting sessions and returns what it judged.
          return new Promise<void>((resolve) =>
            signal.addEventListener('abort', () =>
              setTimeout(() => {
                judged.push('verdicts so far');
                l.push('settled');
                resolve();
              }, 100),
            ),
          );
        }),
        settleMs: 5_000,
      };
      const results: Task<Log> = {
        ...task('results', async (l) => {
          l.push(`wrote ${judged.join(',')}`);
        }),
        always: true,
      };
      const running = runTasks([task('broker'), sessions, task('verdict'), results], log, {
        deadlineMs: stop === 'deadline' ? 200 : 60_000,
        signal: controller.signal,
      });
      if (stop === 'interrupt') setTimeout(() => controller.abort(), 50);
      const outcome = await running;
      expect(outcome.status).toBe(stop === 'deadline' ? 'timedout' : 'interrupted');
      expect(outcome.task).toBe('app sessions');
      expect(log).toEqual([
        'setup broker',
        'setup app sessions',
        'settled',
        'setup results',
        'wrote verdicts so far',
        'teardown results',
        'teardown app sessions',
        'teardown broker',
      ]);
    }
  });

  it('an `always` task runs after a failure too, within a limit, and does not change the outcome', async () => {
    const log: Log = [];
    const hanging: Task<Log> = { ...task('results', () => new Promise(() => undefined)), always: true };
    const outcome = await runTasks(
      [task('hub', async () => Promise.reject(new Error('no READY'))), task('sessions'), hanging],
      log,
      { deadlineMs: 5_000, teardownTimeoutMs: 100 },
    );
    expect(outcome).toMatchObject({ status: 'failed', task: 'hub' });
    expect(log.slice(0, 2)).toEqual(['setup hub', 'setup results']);
    expect(log).not.toContain('setup sessions');
  });
});

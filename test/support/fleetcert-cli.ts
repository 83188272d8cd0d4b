/**
 * `node bin/fleetcert.js …` as a child process, for tests that drive the real CLI: wait for a
 * stdout line, send signals, read what it logged.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const FLEETCERT_BIN = fileURLToPath(new URL('../../bin/fleetcert.js', import.meta.url));

export interface RunningCli {
  readonly child: ChildProcess;
  /** stdout so far. */
  stdout(): string;
  /** stderr so far (pino JSON lines). */
  stderr(): string;
  /** Resolves with the first match of `pattern` on stdout (already printed or to come). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the first match of `pattern` on stderr. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null when killed by a signal) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` (default SIGTERM) and waits for the exit; SIGKILL after 5 s. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnFleetcert(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  // A token in the test runner's environment must not leak into the command under test.
  const { FLEETCERT_TOKEN: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, [FLEETCERT_BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...inherited, ...env },
  });
  let out = '';
  let err = '';
  const wakers = new Set<() => void>();
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    for (const wake of wakers) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
    for (const wake of wakers) wake();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
      for (const wake of wakers) wake();
    });
  });
  let exitedYet = false;
  void exited.then(() => {
    exitedYet = true;
  });

  // Only a hang should fail a wait: start-up through tsx on two busy cores has taken over 10 s.
  const waitFor =
    (read: () => string, what: string) =>
    (pattern: RegExp, timeoutMs = 45_000) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = read().match(pattern);
          if (match) {
            finish();
            resolve(match);
          } else if (exitedYet) {
            finish();
            reject(
              new Error(
                `fleetcert ${args.join(' ')} exited before ${what} matched ${pattern}\nstdout: ${out}\nstderr: ${err}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `fleetcert ${args.join(' ')}: ${what} did not match ${pattern} within ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`,
            ),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          wakers.delete(check);
        };
        wakers.add(check);
        check();
      });

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStdout: waitFor(() => out, 'stdout'),
    waitForStderr: waitFor(() => err, 'stderr'),
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}

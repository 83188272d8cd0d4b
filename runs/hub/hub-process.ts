/**
 * The hub process of PROTOCOL.md section 8's configuration contract: fleetcert writes the
 * configuration to a temp file (readable by its owner only: it holds tokens), runs
 * `CMD ARGS --config FILE` (no shell: the words from splitHubCommand), waits for a line
 * containing `EDP-HUB READY` on stdout or stderr, and stops it with SIGTERM, then SIGKILL after
 * a grace period. The hub runs in its own process group, so a hub started through a wrapper
 * (`npx`, a script) is stopped whole, and so is anything it started that left the group with
 * `setsid` (found by the environment marker of marked-processes.ts). If fleetcert itself exits
 * while the hub runs (a second SIGTERM, a crash), an 'exit' listener kills all of it and removes
 * the configuration file, whose directory is the owner's only (0700, the file 0600).
 * Failing to start is a setup error (exit 2) that shows the hub's last output lines; a hub that
 * exits later is reported through `exited`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubConfig } from '../../src/hub/index.js';
import { FleetcertError } from '../../src/index.js';
import { type Logger, silentLogger } from '../../src/log/index.js';
import { HUB_RUN_ENV, markedProcesses, newHubRunId, signalMarked } from './marked-processes.js';
import { OutputLines } from './output-lines.js';

export const HUB_READY_MARK = 'EDP-HUB READY';
export const DEFAULT_READY_TIMEOUT_MS = 30_000;
export const DEFAULT_STOP_GRACE_MS = 5_000;

export interface HubProcessOptions {
  /** Program and arguments (splitHubCommand); `--config FILE` is appended. */
  readonly command: readonly string[];
  readonly config: HubConfig;
  /** Default 30 s (section 8). */
  readonly readyTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL. Default 5 s. */
  readonly stopGraceMs?: number;
  readonly cwd?: string;
  /** The hub's environment, resolved at the edge. Default: fleetcert's own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: Logger;
}

export interface HubExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface HubProcess {
  /** `ws://HOST:PORT/edp/1/hub` from the configuration's `listen`. */
  readonly url: string;
  readonly pid: number;
  /** Settles when the process has exited, whoever stopped it. */
  readonly exited: Promise<HubExit>;
  readonly hasExited: boolean;
  /** The configuration file the hub was started with (removed by `stop`). */
  readonly configPath: string;
  /** The hub's last output lines: stdout and stderr interleaved as they came, or one stream's. */
  lastLines(stream?: 'stdout' | 'stderr'): string[];
  /** SIGTERM (then SIGKILL after the grace period) to the hub's process group; removes the config file. */
  stop(): Promise<HubExit>;
}

/** The hub could not be started or did not become ready: setup, exit 2. */
export class HubSetupError extends FleetcertError {
  readonly lastLines: readonly string[];
  constructor(message: string, lastLines: readonly string[], options: { cause?: unknown } = {}) {
    super('FLEETCERT_HUB_SETUP', withLines(message, lastLines), { exitCode: 2, ...options });
    this.lastLines = lastLines;
  }
}

/** The hub exited while it was being certified: the run stops there (results so far are kept). */
export class HubExitedError extends FleetcertError {
  readonly lastLines: readonly string[];
  constructor(exit: HubExit, lastLines: readonly string[]) {
    super(
      'FLEETCERT_HUB_EXITED',
      withLines(`the hub exited during certification (${describeExit(exit)})`, lastLines),
      {
        exitCode: 2,
      },
    );
    this.lastLines = lastLines;
  }
}

export function hubUrl(listen: string): string {
  return `ws://${listen}/edp/1/hub`;
}

export async function launchHub(options: HubProcessOptions): Promise<HubProcess> {
  const [program, ...args] = options.command;
  if (program === undefined) throw new HubSetupError('no hub command to run', []);
  const logger = (options.logger ?? silentLogger()).child({ component: 'hub' });
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-'));
  // mkdtemp makes it 0700 already; said again so that no umask or platform default widens it.
  await chmod(dir, 0o700);
  const configPath = join(dir, 'hub-config.json');
  await writeFile(configPath, `${JSON.stringify(options.config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  const runId = newHubRunId();
  const output = new OutputLines();
  const streams = { stdout: new OutputLines(), stderr: new OutputLines() };
  const shown = [program, ...args, '--config', configPath].join(' ');
  let child: ChildProcess;
  try {
    child = spawn(program, [...args, '--config', configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      env: { ...((options.env ?? process.env) as NodeJS.ProcessEnv), [HUB_RUN_ENV]: runId },
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new HubSetupError(`cannot start the hub (${shown}): ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  const group = new ProcessGroup(child, runId, dir);
  let ready: (() => void) | undefined;
  const onLine = (line: string) => {
    logger.debug({ line }, 'hub output');
    if (ready && line.includes(HUB_READY_MARK)) ready();
  };
  const ignore = () => undefined;
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output.push(chunk, onLine);
    streams.stdout.push(chunk, ignore);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output.push(chunk, onLine);
    streams.stderr.push(chunk, ignore);
  });
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const exited = new Promise<HubExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A program that could not be started has no process and never exits.
    child.once('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  // After the exit, its output may still be in the pipes: 'close' says they are drained.
  const drained = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(() => group.exited());
  const cleanup = async () => {
    await rm(dir, { recursive: true, force: true });
    group.released();
  };

  const timeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    new Promise<'ready'>((resolve) => {
      ready = () => resolve('ready');
    }),
    exited.then((exit) => ({ exit })),
    spawnError.then((error) => ({ error })),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  ready = undefined;
  if (outcome !== 'ready') {
    await group.stop(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS, exited);
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    await cleanup();
    if (outcome === 'timeout')
      throw new HubSetupError(
        `the hub did not print a line containing "${HUB_READY_MARK}" within ${timeoutMs / 1000} s (docs/protocol.md, section 8): ${shown}. It must print it once it serves apps.`,
        output.lines(),
      );
    if ('error' in outcome) {
      const code = (outcome.error as NodeJS.ErrnoException).code;
      const hint =
        code === 'ENOENT'
          ? `${program} was not found: --hub-command runs without a shell, so name a program on PATH or give its path`
          : outcome.error.message;
      throw new HubSetupError(`cannot start the hub (${shown}): ${hint}`, output.lines(), {
        cause: outcome.error,
      });
    }
    throw new HubSetupError(
      `the hub exited (${describeExit(outcome.exit)}) before printing "${HUB_READY_MARK}": ${shown}`,
      output.lines(),
    );
  }
  logger.info({ pid: child.pid, url: hubUrl(options.config.listen) }, 'hub ready');
  let stopping: Promise<HubExit> | undefined;
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
  });
  return {
    url: hubUrl(options.config.listen),
    pid: child.pid as number,
    exited,
    get hasExited() {
      return hasExited;
    },
    configPath,
    lastLines: (stream) => (stream === undefined ? output.lines() : streams[stream].lines()),
    stop() {
      stopping ??= (async () => {
        const exit = await group.stop(options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS, exited);
        // What it printed while stopping may still be in the pipes (a wrapper's child writes after the wrapper exits).
        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 1_000))]);
        await cleanup();
        return exit;
      })();
      return stopping;
    },
  };
}

/**
 * The hub's process group, and the processes that left it (setsid) but carry the launch's
 * marker: signals go to all of them. Until the launch is released (stopped, its file removed),
 * an exit of fleetcert itself (a second signal, a crash) still kills all of it and removes the
 * configuration file, so no hub and no secret outlive the run that started them.
 */
class ProcessGroup {
  readonly #child: ChildProcess;
  readonly #runId: string;
  readonly #dir: string;
  readonly #onExit = () => {
    this.#signal('SIGKILL', true);
    rmSync(this.#dir, { recursive: true, force: true });
  };
  #alive = true;
  #stopping = false;

  constructor(child: ChildProcess, runId: string, dir: string) {
    this.#child = child;
    this.#runId = runId;
    this.#dir = dir;
    process.once('exit', this.#onExit);
  }

  exited(): void {
    this.#alive = false;
    // Whatever the hub left behind in its group goes too; while stopping, `stop` does that after
    // the grace period, so a hub behind a wrapper that died of SIGTERM can finish its own.
    if (!this.#stopping) this.#signal('SIGKILL', true);
  }

  /** The configuration file is gone and every process with it: nothing left to do at exit. */
  released(): void {
    process.off('exit', this.#onExit);
  }

  async stop(graceMs: number, exited: Promise<HubExit>): Promise<HubExit> {
    const until = Date.now() + graceMs;
    this.#stopping = true;
    if (this.#alive) {
      this.#signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.#signal('SIGKILL');
          resolve();
        }, graceMs);
      });
      await Promise.race([exited, killed]);
      clearTimeout(timer);
    } else {
      // The leader is gone, but a process that left its group (setsid) may still serve.
      signalMarked(this.#runId, 'SIGTERM', this.#child.pid);
    }
    await exited;
    // The leader is gone; the rest of its group and the marked processes get what is left of the grace period.
    while (this.#anyAlive() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
    this.#signal('SIGKILL', true);
    return exited;
  }

  #anyAlive(): boolean {
    const pid = this.#child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return markedProcesses(this.#runId).length > 0;
    }
  }

  #signal(signal: NodeJS.Signals, quiet = false): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch {
      if (!quiet && this.#alive) this.#child.kill(signal);
    }
    signalMarked(this.#runId, signal, pid);
  }
}

function describeExit(exit: HubExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

function withLines(message: string, lines: readonly string[]): string {
  if (lines.length === 0) return `${message}\n  (the hub printed nothing)`;
  return `${message}\n  Its last output lines:\n${lines.map((l) => `    | ${l}`).join('\n')}`;
}

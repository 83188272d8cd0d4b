/**
 * One CLI certification against a device the test starts beside it: `fleetcert ARGS` as a child
 * process, the device started once the CLI is ready for it, the CLI's exit awaited and what the
 * run wrote read back; the CLI and the device stopped whatever happened. The device may be a
 * simulator (anything with `stop()`) or an outside program (a child process, see `stoppableChild`).
 */
import type { ChildProcess } from 'node:child_process';
import { type RunningCli, spawnFleetcert } from './fleetcert-cli.js';

/** What a test started to be certified; stopped once the CLI has exited (or failed). */
export interface StartedDevice {
  stop(): Promise<void>;
}

export interface CliWithDeviceOptions<T> {
  /** `fleetcert` arguments (`certify …`). */
  readonly args: readonly string[];
  /** Extra environment for the CLI (e.g. FLEETCERT_TOKEN). */
  readonly env?: NodeJS.ProcessEnv;
  /** The CLI is killed (SIGKILL) past this: a hung run fails its test, never hangs CI. */
  readonly limitMs: number;
  /** Starts the device; it waits on `cli` for the line it needs (a listener's address, …). */
  readonly startDevice?: (cli: RunningCli) => Promise<StartedDevice | undefined>;
  /** Reads what the run left (result.json, output) once the CLI exited with `code`. */
  readonly collect: (code: number | null, cli: RunningCli) => Promise<T>;
}

export async function certifyWithDevice<T>(options: CliWithDeviceOptions<T>): Promise<T> {
  const cli = spawnFleetcert(options.args, options.env);
  const killer = setTimeout(() => cli.child.kill('SIGKILL'), options.limitMs);
  let device: StartedDevice | undefined;
  try {
    device = await options.startDevice?.(cli);
    const { code } = await cli.exited;
    return await options.collect(code, cli);
  } finally {
    clearTimeout(killer);
    await cli.stop('SIGKILL');
    await device?.stop();
  }
}

/**
 * `certify --listen-tls TLS_PORT` for `deviceId`, dialled as `localhost` on 127.0.0.1, with the
 * plaintext fallback watched on `plainPort` (EDP-TLS-6); the caller adds token, model and the rest.
 */
export function listenTlsArgs(tlsPort: number, plainPort: number, deviceId: string): string[] {
  return [
    'certify',
    '--listen-tls',
    String(tlsPort),
    '--tls-host',
    'localhost',
    '--tls-plain-port',
    String(plainPort),
    '--host',
    '127.0.0.1',
    '--device-id',
    deviceId,
  ];
}

/** Stops `child` with SIGTERM (SIGKILL after 5 s); at once if it has already exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await gone;
  clearTimeout(timer);
}

/** An outside device's process as a `StartedDevice`. */
export function stoppableChild(child: ChildProcess): StartedDevice {
  return { stop: () => stopChild(child) };
}

/**
 * Hub processes for tests, started as the configuration contract of section 8 says: a config
 * file on a free loopback port, `COMMAND --config FILE`, a wait for the `EDP-HUB READY` line.
 * The reference hub by default (`node bin/fleetcert.js hub`); any other command too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FLEETCERT_BIN } from '../fleetcert-cli.js';
import { freePort } from '../ports.js';

export interface HubTestConfig {
  readonly mqtt?: { readonly url: string; readonly username: string; readonly password: string };
  readonly ws_devices?: readonly {
    readonly deviceId: string;
    readonly url: string;
    readonly token: string;
  }[];
  readonly deadline_ms?: number;
  readonly apps: readonly { readonly token: string; readonly devices: readonly string[] | '*' }[];
}

export interface RunningHubProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly configFile: string;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, SIGKILL after 5 s; removes the config dir. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node bin/fleetcert.js hub --config FILE …extraArgs`. */
export function referenceHubCommand(extraArgs: readonly string[] = []): readonly string[] {
  return [process.execPath, FLEETCERT_BIN, 'hub', ...extraArgs];
}

/** `node --import tsx test/support/independent-hub/main.ts --config FILE`: the hub written outside fleetcert. */
export function independentHubCommand(): readonly string[] {
  return [
    process.execPath,
    '--import',
    'tsx',
    fileURLToPath(new URL('../independent-hub/main.ts', import.meta.url)),
  ];
}

export async function startHubProcess(
  config: HubTestConfig,
  command: readonly string[] = referenceHubCommand(['--log-level', 'warn']),
  readyTimeoutMs = 30_000,
): Promise<RunningHubProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetcert-hub-'));
  const port = await freePort();
  const configFile = join(dir, 'hub.json');
  await writeFile(configFile, JSON.stringify({ listen: `127.0.0.1:${port}`, deadline_ms: 2000, ...config }));
  const [program, ...args] = command;
  const { FLEETCERT_TOKEN: _ignored, ...env } = process.env;
  const child = spawn(program!, [...args, '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
    return exited;
  };
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), readyTimeoutMs);
    const check = () => {
      if (/EDP-HUB READY/.test(out)) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout?.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(/EDP-HUB READY/.test(out));
    });
  });
  if (!ready) {
    await stop();
    throw new Error(`hub did not print EDP-HUB READY\nstdout: ${out}\nstderr: ${err}`);
  }
  return {
    url: `ws://127.0.0.1:${port}/edp/1/hub`,
    child,
    configFile,
    stdout: () => out,
    stderr: () => err,
    exited,
    stop,
  };
}

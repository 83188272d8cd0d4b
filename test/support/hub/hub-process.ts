/**
 * Hub processes for tests, started through the launcher fleetcert itself uses
 * (runs/hub/hub-process.ts, section 8's configuration contract): a configuration file on a free
 * loopback port, `COMMAND --config FILE`, a wait for the `EDP-HUB READY` line, SIGTERM (then
 * SIGKILL) at the end. The reference hub by default (`node bin/fleetcert.js hub`); any other
 * command too.
 */
import { fileURLToPath } from 'node:url';
import { type HubExit, launchHub } from '../../../runs/hub/hub-process.js';
import type { HubConfig } from '../../../src/hub/index.js';
import { FLEETCERT_BIN } from '../fleetcert-cli.js';
import { freePort } from '../ports.js';

/** A hub configuration without `listen` (a free loopback port is chosen); `deadline_ms` defaults to 2000. */
export type HubTestConfig = Omit<HubConfig, 'listen' | 'deadline_ms'> & { readonly deadline_ms?: number };

export interface RunningHubProcess {
  readonly url: string;
  readonly configFile: string;
  /** What the hub printed on stdout (its last lines), each line ending in a newline. */
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<HubExit>;
  /** SIGTERM, SIGKILL after 5 s; removes the config file. */
  stop(): Promise<HubExit>;
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
  // A token in the test runner's environment must not leak into the hub under test.
  const { FLEETCERT_TOKEN: _ignored, ...env } = process.env;
  const hub = await launchHub({
    command,
    config: { listen: `127.0.0.1:${await freePort()}`, deadline_ms: 2000, ...config },
    readyTimeoutMs,
    env,
  });
  const text = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');
  return {
    url: hub.url,
    configFile: hub.configPath,
    stdout: () => text(hub.lastLines('stdout')),
    stderr: () => text(hub.lastLines('stderr')),
    exited: hub.exited,
    stop: () => hub.stop(),
  };
}

/**
 * `fleetcert hub --config FILE`: the reference hub of PROTOCOL.md section 8, started as the
 * configuration contract says any hub is: it reads FILE, serves apps at
 * `ws://LISTEN/edp/1/hub`, prints a line with `EDP-HUB READY` once it serves (and only then),
 * and exits 0 on SIGTERM or SIGINT. `--fault NAME` plants a hub bug (docs/faults.md).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  ALL_HUB_FAULTS,
  DEFAULT_HUB_LIMITS,
  type HubLimits,
  hubLimitsFrom,
  parseHubFaults,
  startHub,
} from '../../simulators/hub/index.js';
import { hubConfigWarnings, parseHubConfig } from '../../src/hub/index.js';
import { FleetcertError, INPUT_LIMITS, readBoundedText, UsageError } from '../../src/index.js';
import { commandLogger } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { untilSignal } from './until-signal.js';

/** How long stopping may take before the hub leaves regardless (a harness waits 5 s, then SIGKILL). */
const STOP_WITHIN_MS = 2_000;

interface HubArgs extends CommandArgs {
  readonly config: string;
  readonly seed: number;
  readonly fault?: readonly string[];
  readonly limit?: readonly string[];
}

/** The hub could not start serving (port taken, broker unreachable): exit 2 with the reason. */
export class HubStartError extends FleetcertError {
  constructor(message: string, cause: unknown) {
    super('FLEETCERT_HUB_START', message, { exitCode: 2, cause });
  }
}

export const hubCommand: CommandModule<object, HubArgs> = {
  command: 'hub',
  describe: 'Run the reference EDP/1 hub (docs/protocol.md, section 8) from a hub configuration file',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .option('config', {
        type: 'string',
        demandOption: true,
        describe: 'The hub configuration (JSON, section 8): listen, mqtt, ws_devices, deadline_ms, apps',
      })
      .option('seed', {
        type: 'number',
        default: 1,
        describe: 'Seed for device request ids and reconnect jitter (same seed, same run)',
      })
      .option('fault', {
        type: 'string',
        array: true,
        describe: `Plant a hub bug, repeatable: ${ALL_HUB_FAULTS.map((f) => f.name).join(', ')}`,
      })
      .option('limit', {
        type: 'string',
        array: true,
        describe: `Change a limit toward apps, repeatable NAME=VALUE (docs/simulators.md): ${Object.keys(DEFAULT_HUB_LIMITS).join(', ')}`,
      })
      .example(
        '$0 hub --config hub.json',
        'Serve apps at ws://LISTEN/edp/1/hub; prints "EDP-HUB READY …" when it serves',
      )
      .example('$0 hub --config hub.json --seed 7', 'The same, with device request ids drawn from seed 7')
      .example('$0 hub --config hub.json --fault forward-twice', 'A hub that breaks EDP-HUB-1 on purpose')
      .example(
        '$0 hub --config hub.json --limit maxConnectionsPerToken=16',
        'A smaller share of connections per app token',
      )
      .example(
        '$0 certify hub --hub-command "fleetcert hub"',
        'How certification starts it: writes the configuration and passes --config FILE',
      )
      .epilogue(
        'The configuration file (section 8):\n' +
          '  { "listen": "127.0.0.1:8765",\n' +
          '    "mqtt": { "url": "mqtt://127.0.0.1:1883", "username": "controller:hub", "password": "…" },\n' +
          '    "ws_devices": [ { "deviceId": "tv-0001", "url": "ws://127.0.0.1:9001/edp/1", "token": "…" } ],\n' +
          '    "deadline_ms": 2000,\n' +
          '    "apps": [ { "token": "app-a", "devices": ["bulb-0001"] }, { "token": "app-b", "devices": "*" } ] }\n' +
          'Apps connect with "Authorization: Bearer TOKEN". Stops on Ctrl-C, SIGTERM or SIGHUP.\n' +
          "Limits toward apps (per token, idle, output, pre-auth; all well above section 8's 8 connections × 16 in flight): docs/simulators.md.\n" +
          'Exit codes: 0 stopped cleanly, 2 bad configuration, unknown fault, or the hub cannot start.\n' +
          'Faults and the rule each breaks: docs/faults.md (hub section). The API: docs/protocol.md.',
      ) as unknown as Argv<HubArgs>,
  handler: async (argv: ArgumentsCamelCase<HubArgs>) => {
    if (!Number.isSafeInteger(argv.seed))
      throw new UsageError(`--seed must be a whole number, got ${argv.seed}`);
    const faults = parseHubFaults(argv.fault ?? []);
    let limits: HubLimits;
    try {
      limits = hubLimitsFrom(argv.limit ?? []);
    } catch (error) {
      throw new UsageError(`--limit: ${(error as Error).message}`);
    }
    const logger = commandLogger(argv.log);
    const text = await readBoundedText(
      argv.config,
      INPUT_LIMITS.hubConfigFileBytes,
      'the hub configuration (--config)',
      'FLEETCERT_USAGE',
    );
    const config = parseHubConfig(text, argv.config);
    for (const warning of hubConfigWarnings(config)) logger.warn({ event: 'listen-unencrypted' }, warning);
    // Listen for signals before anything starts: a harness may stop us as soon as it reads READY.
    const stopped = untilSignal();
    let hub: Awaited<ReturnType<typeof startHub>>;
    try {
      hub = await startHub({ config, seed: argv.seed, faults, limits, logger });
    } catch (error) {
      if (error instanceof FleetcertError) throw error;
      throw new HubStartError(
        `the hub cannot start serving on ${config.listen}: ${(error as Error).message}; check "listen" in ${argv.config}`,
        error,
      );
    }
    const planted = faults.names.length > 0 ? ` faults=${faults.names.join(',')}` : '';
    process.stdout.write(`EDP-HUB READY ${hub.url} seed=${argv.seed}${planted}\n`);
    const signal = await stopped;
    logger.info({ signal }, 'stopping hub');
    // A harness kills a hub that has not exited 5 s after SIGTERM: close within a bound, and
    // leave anyway if a socket still holds the event loop open after that.
    await Promise.race([hub.close(), new Promise((resolve) => setTimeout(resolve, STOP_WITHIN_MS).unref())]);
    logger.flush();
    argv.setExitCode(0);
    setTimeout(() => process.exit(0), STOP_WITHIN_MS).unref();
  },
};

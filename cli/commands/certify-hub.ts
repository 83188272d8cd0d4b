/**
 * `fleetcert certify hub`: certify a hub (or cloud) that serves apps at /edp/1/hub (PROTOCOL.md
 * section 8) with a simulated fleet behind it and property-based app sessions in front of it.
 * Thin: it resolves the options, reads the files, watches the stop signals (SIGINT, SIGTERM,
 * SIGHUP: stop-signals.ts), calls runs/ and prints.
 * Exit 0 certified (or partial, every selected rule passed), 1 a rule failed, 2 bad usage or
 * setup (the hub did not start, exited, …) or a run stopped (Ctrl-C, --run-timeout) before any
 * rule failed: runs/hub/hub-certification.ts decides (`exitCode`).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_HUB_RUNS } from '../../conformance/certify/index.js';
import { DEFAULT_REPORT_DIR } from '../../reports/index.js';
import { type HubFleetGroup, runHubCertification } from '../../runs/index.js';
import { parseHubConfig } from '../../src/hub/index.js';
import { INPUT_LIMITS, readBoundedText } from '../../src/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { countsText, verdictText } from '../../src/result/index.js';
import { commandLogger, progressWriter } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { FLEETCERT_VERSION, referenceModelPath, referenceModelTypes } from '../edge.js';
import {
  type CertifyHubArgsIn,
  DEFAULT_HUB_FLEET,
  DEFAULT_RUN_TIMEOUT_S,
  type FleetEntry,
  resolveCertifyHubOptions,
} from './certify-hub-options.js';
import { hubProgressText } from './certify-hub-progress.js';
import { ruleListText } from './certify-list.js';
import { failureLines } from './certify-progress.js';
import { lastOut } from './replay-out.js';
import { asSetupError } from './setup-error.js';
import { watchStopSignals } from './stop-signals.js';

interface CertifyHubArgs extends CommandArgs, CertifyHubArgsIn {
  readonly list?: boolean;
  readonly out: string;
}

export const certifyHubCommand: CommandModule<object, CertifyHubArgs> = {
  command: 'hub',
  describe:
    'Certify a hub or cloud (docs/protocol.md, section 8: Hub API): a simulated fleet behind it, app sessions in front',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .usage(
        'fleetcert certify hub (--hub-command "CMD ARGS" | --hub URL --hub-config FILE) [options]\n\n' +
          'With --hub-command fleetcert writes the hub configuration of section 8 (a free loopback port to\n' +
          'listen on, the broker and the controller:hub login, ws_devices, deadline_ms, app tokens and\n' +
          'grants), runs CMD ARGS --config FILE, waits up to 30 s for a line containing EDP-HUB READY and\n' +
          'stops the hub with SIGTERM at the end (SIGKILL after 5 s). Any hub, in any language.',
      )
      .option('list', {
        type: 'boolean',
        describe: 'List every hub rule and whether it applies with the hub option given; run nothing',
      })
      .option('hub-command', {
        type: 'string',
        describe: 'How to start your hub; run without a shell ("fleetcert" means this tool)',
      })
      .option('hub', { type: 'string', describe: 'A hub that already runs: ws://HOST:PORT/edp/1/hub' })
      .option('hub-config', {
        type: 'string',
        describe: 'With --hub: the configuration it was started with (tokens, grants, broker, ws_devices)',
      })
      .option('broker', {
        type: 'string',
        describe: 'Your broker (default: fleetcert’s embedded one; the hub logs in as controller:hub)',
      })
      .option('broker-token', {
        type: 'string',
        describe: 'With --broker: the hub’s controller:hub password (or FLEETCERT_TOKEN)',
      })
      .option('device-token', { type: 'string', describe: 'The simulated devices’ password on your broker' })
      .option('fleet', {
        type: 'string',
        describe: `The fleet behind the hub, TYPE=COUNT,… of reference types or model files (default ${DEFAULT_HUB_FLEET})`,
      })
      .option('ws-devices', {
        type: 'number',
        describe: 'Also run N WebSocket devices, listed in the hub’s ws_devices (default 0: MQTT only)',
      })
      .option('runs', { type: 'number', describe: `Generated app sessions (default ${DEFAULT_HUB_RUNS})` })
      .option('seed', { type: 'number', describe: 'Seed (default random, printed)' })
      .option('replay', {
        type: 'string',
        describe:
          'Replay one failure: the token a report or this command printed (SEED:0@scenario:N for an enumerated scenario, SEED:PATH@… for a generated session); copy the printed command whole, with its --seed and --out',
      })
      .option('only', {
        type: 'string',
        array: true,
        describe: 'Only these rules (repeatable, e.g. --only EDP-HUB-2)',
      })
      .option('timeout', {
        type: 'number',
        describe: 'The hub’s deadline_ms, D of EDP-HUB-2, in ms (2000 or more; --hub-command only)',
      })
      .option('run-timeout', {
        type: 'number',
        describe: `The whole run’s limit in seconds (default ${DEFAULT_RUN_TIMEOUT_S})`,
      })
      .option('out', {
        type: 'string',
        default: DEFAULT_REPORT_DIR,
        coerce: lastOut,
        describe: 'Where the reports go (a printed replay writes to OUT/replay-RULE)',
      })
      .example('$0 certify hub --hub-command "fleetcert hub"', 'The reference hub, 12 devices over MQTT')
      .example(
        '$0 certify hub --hub-command "./target/release/my-hub --verbose" --fleet bulb=4,tv=2 --ws-devices 2',
        'Your hub (any language), with two WebSocket devices in ws_devices',
      )
      .example(
        '$0 certify hub --hub-command "python3 hub.py" --broker mqtt://127.0.0.1:1883 --broker-token S3CRET',
        'Your broker instead of the embedded one',
      )
      .example(
        '$0 certify hub --hub ws://10.0.0.7:8765/edp/1/hub --hub-config hub.json',
        'A hub that already runs, started with hub.json',
      )
      .example(
        '$0 certify hub --hub-command "fleetcert hub" --replay 42:3 --only EDP-HUB-2',
        'Replay a failure',
      )
      .epilogue(
        'The fleet always includes devices granted to nobody, and the grants name devices that are never online. ' +
          'Reports (report.html, result.json, junit.xml) go to --out. A failure names its rule (EDP-HUB-1..5), the shrunk app session that shows it, and the command that replays it; docs/certification.md (hub section) explains.\n\n' +
          'Ctrl-C, SIGTERM, SIGHUP or --run-timeout during the app sessions stops the hub (its whole process group, and anything it started with setsid), removes the configuration file with its secrets, and writes the verdicts so far, marked partial (a second signal leaves at once, still killing the hub).\n\n' +
          'Exit codes: 0 certified (or partial with --only/--replay and every selected rule passed), 1 a rule failed, 2 bad usage or setup (the hub did not start, exited or stopped serving) or a run stopped before any rule failed.',
      ) as unknown as Argv<CertifyHubArgs>,
  handler: async (argv: ArgumentsCamelCase<CertifyHubArgs>) => {
    if (argv.list) {
      const mode =
        argv.hubCommand !== undefined ? 'hub-command' : argv.hub !== undefined ? 'hub-url' : undefined;
      process.stdout.write(ruleListText('hub', mode));
      return;
    }
    const options = resolveCertifyHubOptions(argv, referenceModelTypes(), process.env);
    const logger = commandLogger(argv.log);
    const say = progressWriter(argv.log, logger);
    // A session line is redrawn in place on a terminal; off one, a line per phase and per rule.
    const terminal = process.stderr.isTTY === true && argv.log.progressOnStderr;
    // A session line still drawn (the run stopped mid-session) is cleared before anything follows.
    let drawn = false;
    const clearDrawn = () => {
      if (drawn) process.stderr.write('\r\u001b[2K');
      drawn = false;
    };
    const fleet = await loadFleet(options.fleet);
    const hub =
      options.hub.kind === 'hub-command'
        ? { kind: 'hub-command' as const, command: options.hub.command, display: options.hub.display }
        : {
            kind: 'hub-url' as const,
            url: options.hub.url,
            config: parseHubConfig(await readText(options.hub.configFile), options.hub.configFile),
          };
    const devices = fleet.reduce((n, g) => n + g.count, 0) + options.wsDevices;
    say(
      `fleetcert certify hub: ${options.hub.kind === 'hub-command' ? options.hub.display : options.hub.url}, ${devices} devices, seed ${options.seed}`,
    );
    // The first SIGINT/SIGTERM/SIGHUP stops the run, stops the hub and writes what was judged;
    // a second one leaves at once (the hub is still killed and its configuration removed).
    const interrupt = watchStopSignals();
    try {
      const outcome = await runHubCertification({
        hub,
        fleet,
        wsDevices: options.wsDevices,
        ...(options.brokerUrl === undefined ? {} : { brokerUrl: options.brokerUrl }),
        ...(options.hubBrokerPassword === undefined ? {} : { hubBrokerPassword: options.hubBrokerPassword }),
        ...(options.deviceToken === undefined ? {} : { deviceToken: options.deviceToken }),
        deadlineMs: options.deadlineMs,
        seed: options.seed,
        runs: options.runs,
        ...(options.replay ? { replay: options.replay } : {}),
        ...(options.only ? { only: options.only } : {}),
        runDeadlineMs: options.runDeadlineMs,
        toolVersion: FLEETCERT_VERSION,
        outDir: argv.out,
        replayCommand: options.replayCommand,
        signal: interrupt.signal,
        logger,
        onProgress: (event) => {
          if (!argv.log.progressOnStderr) {
            if (event.kind !== 'session') say(hubProgressText(event, false), { ...event });
            return;
          }
          const text = hubProgressText(event, terminal, argv.log.colour);
          if (text !== '') process.stderr.write(text);
          drawn = text !== '' && !text.endsWith('\n');
        },
      });
      clearDrawn();
      if (outcome.result) {
        const failures = failureLines(outcome.result);
        process.stdout.write(
          `\n${verdictText(outcome.result)}: ${countsText(outcome.result)} (seed ${options.seed})\n` +
            (failures.length > 0 ? `${failures.join('\n')}\n` : '') +
            (outcome.written ? `Report: ${outcome.written.htmlPath}\n` : ''),
        );
      }
      if (outcome.run.status !== 'passed') {
        const error = outcome.run.error;
        process.stderr.write(
          `fleetcert: ${outcome.run.task} failed: ${(error as Error)?.message ?? outcome.run.status}\n` +
            (outcome.written ? `  the verdicts judged so far are in ${outcome.written.htmlPath}\n` : ''),
        );
      }
      argv.setExitCode(outcome.exitCode);
    } finally {
      clearDrawn();
      interrupt.dispose();
      logger.flush();
    }
  },
};

async function loadFleet(entries: readonly FleetEntry[]): Promise<HubFleetGroup[]> {
  return Promise.all(
    entries.map(async (entry) => {
      const path =
        entry.source.kind === 'reference' ? referenceModelPath(entry.source.type) : entry.source.path;
      const { model } = await loadModelFile(path).catch(asSetupError);
      const type = entry.source.kind === 'reference' ? entry.source.type : model.type.toLowerCase();
      return { type, model, count: entry.count };
    }),
  );
}

async function readText(path: string): Promise<string> {
  return readBoundedText(path, INPUT_LIMITS.hubConfigFileBytes, '--hub-config', 'FLEETCERT_HUB_CONFIG');
}

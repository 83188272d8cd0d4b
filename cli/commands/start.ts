/**
 * `fleetcert start` (what `npm start` runs): the newcomer's demo. By default it certifies one
 * simulated device of each reference model (bulb and purifier over MQTT against the embedded
 * broker, the TV over WebSocket), writes their reports and a summary page, prints where they are
 * and exits 0 when all are certified. `--serve` instead keeps an embedded broker on 127.0.0.1
 * (port 1883, or a free one when taken) with the devices online until Ctrl-C or SIGTERM.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_RUNS } from '../../conformance/settings/index.js';
import { DEFAULT_REPORT_DIR } from '../../reports/index.js';
import {
  type DemoCertificationConfig,
  runCertificationDemo,
  runStartDemo,
  type StartDemoConfig,
} from '../../runs/index.js';
import { commandLogger } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { FLEETCERT_VERSION, referenceModelPath, referenceModelTypes } from '../edge.js';
import { checkPort } from './broker.js';
import { FLEETCERT_BIN } from './certify-hub-options.js';
import { demoSummaryText } from './start-certify.js';
import { connectionHelp } from './start-demo.js';
import { untilSignal } from './until-signal.js';

interface StartArgs extends CommandArgs {
  readonly port?: number;
  readonly token: string;
  readonly seed: number;
  readonly serve: boolean;
  readonly runs: number;
  readonly out: string;
}

export const DEMO_TOKEN = 'demo';

/** Pure: the demo's frozen config from its options. */
export function resolveStartConfig(args: Pick<StartArgs, 'port' | 'token' | 'seed'>): StartDemoConfig {
  return Object.freeze({
    host: '127.0.0.1',
    port: args.port === undefined ? 1883 : checkPort(args.port, '--port'),
    // An explicit --port must be honoured or fail; the default may move aside.
    portFallback: args.port === undefined,
    token: args.token,
    seed: args.seed,
    devices: Object.freeze(
      referenceModelTypes().map((type) =>
        Object.freeze({ deviceId: `${type}-0001`, modelFile: referenceModelPath(type) }),
      ),
    ),
  });
}

/** Pure: the certification demo's frozen config. The TV is a WebSocket device, as MODELS.md has it. */
export function resolveDemoCertificationConfig(
  args: Pick<StartArgs, 'token' | 'seed' | 'runs' | 'out'>,
): DemoCertificationConfig {
  return Object.freeze({
    devices: Object.freeze(
      referenceModelTypes().map((type) =>
        Object.freeze({
          deviceId: `${type}-0001`,
          modelFile: referenceModelPath(type),
          transport: type === 'tv' ? ('ws' as const) : ('mqtt' as const),
        }),
      ),
    ),
    // The reference hub with a small fleet behind it (a WebSocket TV among them), started the
    // way a partner's hub is: `--hub-command`, the configuration contract of section 8.
    hub: Object.freeze({
      command: Object.freeze([process.execPath, FLEETCERT_BIN, 'hub', '--log-level', 'warn']),
      display: 'fleetcert hub',
      fleet: Object.freeze(
        DEMO_HUB_FLEET.map(([type, count]) =>
          Object.freeze({ type, modelFile: referenceModelPath(type), count }),
        ),
      ),
      wsDevices: 1,
      runs: DEMO_HUB_RUNS,
    }),
    token: args.token,
    seed: args.seed,
    runs: args.runs,
    outDir: args.out,
    toolVersion: FLEETCERT_VERSION,
  });
}

/** The fleet behind the demo's hub, and its app sessions: enough to show every hub rule, quick to run. */
const DEMO_HUB_FLEET: readonly (readonly [string, number])[] = [
  ['bulb', 2],
  ['purifier', 2],
  ['tv', 1],
];
const DEMO_HUB_RUNS = 10;

export const startCommand: CommandModule<object, StartArgs> = {
  command: 'start',
  describe: 'Demo (npm start): certify one simulated device of each reference model and write the reports',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .option('port', { type: 'number', describe: 'MQTT port (default 1883, or a free one when taken)' })
      .option('token', {
        type: 'string',
        default: DEMO_TOKEN,
        describe: 'The token of the demo broker (loopback only)',
      })
      .option('seed', { type: 'number', default: 1, describe: 'Seed for every random choice' })
      .option('runs', { type: 'number', default: DEFAULT_RUNS, describe: 'Model-based runs per device' })
      .option('out', { type: 'string', default: DEFAULT_REPORT_DIR, describe: 'Where the reports go' })
      .option('serve', {
        type: 'boolean',
        default: false,
        describe: 'Instead: keep a broker and the devices online to explore with mosquitto_sub/pub',
      })
      .example('$0 start', 'Certify bulb-0001, purifier-0001 and tv-0001; reports in fleetcert-report/')
      .example('$0 start --serve', 'Broker on 127.0.0.1:1883 with the three devices online')
      .example('$0 start --serve --port 0 --token s3cret', 'A free port and another token')
      .epilogue(
        'Exit codes: 0 every demo device certified, 1 one was not, 2 bad usage.\n--serve stops on Ctrl-C or SIGTERM; devices publish offline presence first.',
      ) as unknown as Argv<StartArgs>,
  handler: async (argv: ArgumentsCamelCase<StartArgs>) => {
    if (!argv.serve) {
      const config = resolveDemoCertificationConfig(argv);
      // The demo's own lines are the output; the log keeps to warnings unless asked for more.
      const logger = commandLogger(argv.log);
      process.stdout.write(
        `fleetcert demo: certifying ${config.devices.map((d) => `${d.deviceId} (${d.transport})`).join(', ')} and the reference hub with a fleet behind it, seed ${config.seed}…\n`,
      );
      const outcome = await runCertificationDemo(config, logger, ({ deviceId, result }) => {
        process.stdout.write(
          `  ${deviceId}: ${result.verdict} (${result.requests} requests, ${(result.durationMs / 1000).toFixed(1)} s)\n`,
        );
      });
      process.stdout.write(demoSummaryText(outcome));
      logger.flush();
      argv.setExitCode(outcome.certifications.every((c) => c.result.verdict === 'certified') ? 0 : 1);
      return;
    }
    const config = resolveStartConfig(argv);
    const logger = commandLogger(argv.log);
    const demo = await runStartDemo(config, logger);
    // Listen before printing: a script that stops us as soon as it reads the text must not kill us.
    const stopped = untilSignal();
    process.stdout.write(connectionHelp(demo));
    const signal = await stopped;
    logger.info({ signal }, 'stopping demo');
    await demo.stop();
    logger.flush();
    argv.setExitCode(0);
  },
};

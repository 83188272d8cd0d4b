/**
 * `fleetcert start` (what `npm start` runs): the embedded broker on 127.0.0.1 (port 1883, or a
 * free one when taken) and one simulated device of each reference model over MQTT; prints how
 * to connect and stops cleanly on Ctrl-C or SIGTERM.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { createLogger } from '../../log/logger.js';
import type { CommandArgs } from '../context.js';
import { checkPort } from './broker.js';
import { referenceModelPath, referenceModelTypes } from './reference-models.js';
import { connectionHelp, runStartDemo, type StartDemoConfig } from './start-demo.js';
import { untilSignal } from './until-signal.js';

interface StartArgs extends CommandArgs {
  readonly port?: number;
  readonly token: string;
  readonly seed: number;
  readonly logLevel: string;
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

export const startCommand: CommandModule<object, StartArgs> = {
  command: 'start',
  describe: 'Demo: embedded broker plus one simulated device of each reference model (npm start)',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .option('port', { type: 'number', describe: 'MQTT port (default 1883, or a free one when taken)' })
      .option('token', {
        type: 'string',
        default: DEMO_TOKEN,
        describe: 'The token of the demo broker (loopback only)',
      })
      .option('seed', { type: 'number', default: 1, describe: 'Seed for every random choice' })
      .option('log-level', { type: 'string', default: 'info', describe: 'pino log level' })
      .example('$0 start', 'Broker on 127.0.0.1:1883 with bulb-0001, purifier-0001 and tv-0001')
      .example('$0 start --port 0 --token s3cret', 'A free port and another token')
      .epilogue(
        'Stops on Ctrl-C or SIGTERM; devices publish offline presence first.',
      ) as unknown as Argv<StartArgs>,
  handler: async (argv: ArgumentsCamelCase<StartArgs>) => {
    const config = resolveStartConfig(argv);
    const logger = createLogger({ level: argv.logLevel, pretty: process.stderr.isTTY === true });
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

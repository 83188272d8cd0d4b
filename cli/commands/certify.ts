/**
 * `fleetcert certify`: certify one device against its model over MQTT (fleetcert's embedded
 * broker with --listen, or an existing one with --broker) or WebSocket (--ws): options resolved
 * here, the run (broker, judge, reports) in runs/device/, its words printed here; exit 0 (certified), 1 (not certified) or 2 (bad usage, or the device could not be reached;
 * or Ctrl-C before any rule failed: the verdicts so far are written, marked partial).
 * Reads files and the environment here, at the edge; everything below gets one frozen config.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { DEFAULT_RUNS } from '../../conformance/settings/index.js';
import { DEFAULT_REPORT_DIR, ReportKeyError } from '../../reports/index.js';
import { privateKeyFromPem } from '../../reports/integrity/index.js';
import { runDeviceCertification } from '../../runs/index.js';
import { printable, UsageError } from '../../src/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { ArgumentsFailure } from '../arguments-failure.js';
import { commandLogger, progressWriter } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { FLEETCERT_VERSION } from '../edge.js';
import { certifyHubCommand } from './certify-hub.js';
import { ruleListText } from './certify-list.js';
import { type CertifyArgsIn, resolveCertifyOptions } from './certify-options.js';
import { progressLine, summaryText } from './certify-progress.js';
import { tlsListenOptions } from './certify-tls-listen.js';
import { lastOut } from './replay-out.js';
import { asSetupError } from './setup-error.js';
import { watchStopSignals } from './stop-signals.js';

interface CertifyArgs extends CommandArgs, CertifyArgsIn {
  readonly list?: boolean;
  readonly out: string;
  readonly signKey?: string;
}

export const certifyCommand: CommandModule<object, CertifyArgs> = {
  command: 'certify',
  describe: 'Certify a device against its model: every device rule of EDP/1, with minimal counterexamples',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .command(certifyHubCommand)
      .option('listen', {
        global: false,
        type: 'number',
        describe: 'Run the embedded broker on PORT; the device connects to it (full suite)',
      })
      .option('host', {
        global: false,
        type: 'string',
        describe: 'Interface for --listen and --listen-tls (default 0.0.0.0)',
      })
      .option('listen-tls', {
        global: false,
        type: 'number',
        describe:
          'Serve TLS on PORT in front of the embedded broker and check the device’s TLS first (EDP-TLS-1..6); needs --tls-host',
      })
      .option('tls-host', {
        global: false,
        type: 'string',
        describe: 'With --listen-tls: the host name (or IP) the device dials, named by the good certificate',
      })
      .option('tls-ca-cert', {
        global: false,
        type: 'string',
        describe:
          'With --listen-tls: the CA certificate the device trusts (default: one made for the run, written to OUT/tls/)',
      })
      .option('tls-ca-key', {
        global: false,
        type: 'string',
        describe: 'With --tls-ca-cert: that CA’s private key (PEM)',
      })
      .option('tls-plain-port', {
        global: false,
        type: 'number',
        describe:
          'With --listen-tls: the plain port watched for a fallback to plaintext (EDP-TLS-6; default 1883)',
      })
      .option('tls-require-client-cert', {
        global: false,
        type: 'boolean',
        describe:
          'With --listen-tls: mutual TLS — the good server asks for the device’s client certificate, which must chain to the client CA and name the device id (judged under EDP-TLS-1)',
      })
      .option('tls-client-ca', {
        global: false,
        type: 'string',
        describe:
          'With --tls-require-client-cert: the CA the device’s certificate must chain to (default: the run’s CA, so `fleetcert tls devices` certificates made from it work)',
      })
      .option('tls-ws', {
        global: false,
        type: 'boolean',
        describe:
          'With --listen-tls: serve MQTT over WebSocket on the TLS port (the device dials wss://TLS-HOST:PORT/mqtt), same checks',
      })
      .option('broker', {
        global: false,
        type: 'string',
        describe: 'Use an existing broker (checks needing broker control are not run)',
      })
      .option('controller', {
        global: false,
        type: 'string',
        describe: 'With --broker: log in as controller:NAME (default fleetcert)',
      })
      .option('mqtt-version', {
        global: false,
        type: 'string',
        describe: 'With --broker: MQTT protocol version of the controller, 4 (MQTT 3.1.1, default) or 5',
      })
      .option('ws', { global: false, type: 'string', describe: 'A WebSocket device at ws://HOST:PORT/edp/1' })
      .option('model', {
        global: false,
        type: 'string',
        describe: 'Model file (default: the device’s retained model topic, or get_model)',
      })
      .option('device-id', {
        global: false,
        type: 'string',
        describe: 'The device id (required unless --list)',
      })
      .option('list', {
        global: false,
        type: 'boolean',
        describe:
          'List every device rule and whether it applies to --model and the binding given; run nothing',
      })
      // Not demandOption: `certify --list` needs no device. Same message and exit code as yargs'.
      .check((args) => {
        // yargs runs this for `certify hub` too: the hub subcommand has no device id.
        if (args.list === true || args['device-id'] !== undefined || args._[1] === 'hub') return true;
        throw new ArgumentsFailure('Missing required argument: device-id');
      })
      .option('token', {
        global: false,
        type: 'string',
        describe:
          'listen: the device’s token; broker: the controller’s; ws: the bearer token (or FLEETCERT_TOKEN)',
      })
      .option('runs', {
        global: false,
        type: 'number',
        describe: `Model-based runs (default ${DEFAULT_RUNS})`,
      })
      .option('seed', { global: false, type: 'number', describe: 'Seed (default random, printed)' })
      .option('replay', {
        global: false,
        type: 'string',
        describe: 'Replay one counterexample: SEED:PATH[@REPLAYPATH] from a result',
      })
      .option('only', {
        global: false,
        type: 'string',
        array: true,
        describe: 'Only these rules (repeatable, e.g. --only EDP-PROP-3)',
      })
      .option('timeout', {
        global: false,
        type: 'number',
        describe: 'Response deadline in ms, 2000 or more (section 7)',
      })
      .option('notify-timeout', {
        global: false,
        type: 'number',
        describe: 'Notification deadline in ms, 1000 or more (section 7)',
      })
      .option('connect-timeout', {
        global: false,
        type: 'number',
        describe: 'With --listen: how long to wait for the device, in ms (default 60000)',
      })
      .option('out', {
        global: false,
        type: 'string',
        default: DEFAULT_REPORT_DIR,
        coerce: lastOut,
        describe: 'Where the reports go (a printed replay writes to OUT/replay-RULE)',
      })
      .option('sign-key', {
        global: false,
        type: 'string',
        describe: 'Ed25519 private key (PEM) to sign result.json, report.html and the trace files with',
      })
      .example(
        '$0 certify --listen 1883 --device-id bulb-0001 --model bulb.json --token T',
        'Your device connects to this machine on 1883',
      )
      .example(
        '$0 certify --listen-tls 8883 --tls-host broker.lan --device-id bulb-0001 --model bulb.json --token T',
        'Your device dials mqtts://broker.lan:8883, trusting OUT/tls/trust-anchor.pem',
      )
      .example(
        '$0 certify --broker mqtt://10.0.0.5:1883 --device-id bulb-0001 --token CTL',
        'Through an existing broker',
      )
      .example('$0 certify --ws ws://10.0.0.9:8080/edp/1 --device-id tv-0001 --token T', 'A WebSocket device')
      .epilogue(
        'Exit codes: 0 certified, 1 not certified, 2 bad usage or the device could not be reached.',
      ) as unknown as Argv<CertifyArgs>,
  handler: async (argv: ArgumentsCamelCase<CertifyArgs>) => {
    if (argv.list) {
      const loaded =
        argv.model === undefined ? undefined : await loadModelFile(argv.model).catch(asSetupError);
      const mode =
        argv.ws !== undefined
          ? 'ws'
          : argv.listen !== undefined || argv.listenTls !== undefined
            ? 'listen'
            : argv.broker !== undefined
              ? 'broker'
              : undefined;
      const label =
        loaded === undefined
          ? undefined
          : `${printable(loaded.model.model)} (${printable(argv.model as string)}, valid)`;
      process.stdout.write(ruleListText('device', mode, label, loaded?.model, argv.listenTls !== undefined));
      return;
    }
    const options = resolveCertifyOptions(argv, process.env.FLEETCERT_TOKEN);
    // Read and checked before the run: a bad key found only when writing would lose the verdicts.
    const signing = argv.signKey === undefined ? undefined : await readSignKey(argv.signKey);
    const loaded =
      options.modelFile === undefined
        ? undefined
        : await loadModelFile(options.modelFile).catch(asSetupError);
    // Progress goes to stderr, as lines (redrawn on a terminal), unless structured logs own it (log-options.ts).
    const tty = process.stderr.isTTY === true && argv.log.progressOnStderr;
    const logger = commandLogger(argv.log);
    const say = progressWriter(argv.log, logger);
    if (tty) say(`fleetcert certify ${printable(options.deviceId)}, seed ${options.seed}`);
    if (options.target.mode === 'listen' && options.tlsRequest === undefined) {
      const port = options.target.port;
      say(
        `  waiting for ${printable(options.deviceId)} on port ${port || '(a free port)'}: log in as ${printable(options.deviceId)} with its token`,
      );
    }
    const tls =
      options.tlsRequest === undefined
        ? undefined
        : await tlsListenOptions(options.tlsRequest, argv.out, say);
    // The first SIGINT/SIGTERM/SIGHUP stops starting checks and writes what was judged (partial); a second one leaves at once.
    const interrupt = watchStopSignals();
    const outcome = await runDeviceCertification({
      ...options,
      ...(loaded === undefined ? {} : { model: { model: loaded.model, sha256: loaded.sha256 } }),
      ...(options.target.mode === 'listen'
        ? {
            target: {
              ...options.target,
              ...(tls === undefined
                ? { onListening: (url: string) => say(`  embedded broker at ${url}`) }
                : { tls }),
            },
          }
        : {}),
      toolVersion: FLEETCERT_VERSION,
      logger,
      outDir: argv.out,
      ...(signing === undefined ? {} : { signing }),
      signal: interrupt.signal,
      ...(tty
        ? {
            onProgress: (event) => process.stderr.write(progressLine(event, true, argv.log.colour)),
          }
        : {}),
    }).finally(() => interrupt.dispose());
    process.stdout.write(summaryText(outcome.result, argv.out));
    if (outcome.tracePaths.length > 0)
      process.stdout.write(
        `  traces: ${outcome.tracePaths.join(', ')} (replay them with fleetcert replay ${join(argv.out, 'traces')} and this target)\n`,
      );
    // Over TLS the device never reached the broker: the TLS verdicts are written; say what to fix.
    if (outcome.tlsUnreached !== undefined)
      process.stderr.write(`fleetcert: ${outcome.tlsUnreached.message.split('\n')[0]}\n`);
    if (interrupt.signal.aborted)
      process.stderr.write(
        'fleetcert: interrupted (Ctrl-C): the verdicts judged so far are in the reports\n',
      );
    // Interrupted with nothing failed: the run did not finish (2), as for a hub.
    argv.setExitCode(outcome.exitCode);
  },
};

/**
 * The --sign-key file, read and checked before the run: a bad key found only when writing would
 * lose the verdicts.
 */
async function readSignKey(path: string): Promise<{ signKeyPem: string; signKeySource: string }> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the signing key ${path}: ${(error as Error).message}; pass --sign-key KEY.pem`,
      {
        cause: error,
      },
    );
  }
  const key = privateKeyFromPem(pem, path);
  if (key.type !== 'private') throw new ReportKeyError(path, 'signing needs an Ed25519 private key');
  return { signKeyPem: pem, signKeySource: path };
}

/**
 * `fleetcert load SCENARIO | merge RESULT... | k8s SCENARIO`: load-test a cloud's broker with
 * simulated fleets, merge shard results, write Kubernetes manifests. Configuration (overrides,
 * the shard from JOB_COMPLETION_INDEX, TTY or not) is resolved here, at the edge; load/
 * never reads the environment. Exit 0 every threshold holds, 1 any fails, 2 bad usage.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  formatLoadSummary,
  formatProgressLine,
  HubLoadMetrics,
  LoadMetrics,
  type LoadResult,
  loadScenarioFile,
  parseShard,
  runLoad,
  SHARD_RESULT_BEGIN,
  SHARD_RESULT_END,
  type ShardSpec,
  WHOLE_RUN,
  writeLoadResult,
} from '../../load/index.js';
import { writeLoadReport } from '../../reports/load/index.js';
import { runHubLoad } from '../../runs/index.js';
import { UsageError } from '../../src/index.js';
import { commandLogger, progressWriter } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { DEFAULT_LOAD_OUT, FLEETCERT_VERSION } from '../edge.js';
import { FLEETCERT_BIN } from './certify-hub-options.js';
import { k8sCommand } from './load-k8s.js';
import { mergeCommand } from './load-merge.js';
import { loadSchemaCommand } from './load-schema.js';
import {
  addMetricsOptions,
  type MetricsArgs,
  openMetricsEndpoint,
  resolveMetricsAddress,
} from './metrics-option.js';
import { type MqttVersionArgs, resolveMqttVersion } from './mqtt-version-option.js';
import { watchStopSignals } from './stop-signals.js';

interface RunArgs extends CommandArgs, MetricsArgs, MqttVersionArgs {
  readonly scenario: string;
  readonly broker?: string;
  readonly hubCommand?: string;
  readonly hub?: string;
  readonly hubConfig?: string;
  readonly token?: string;
  readonly duration?: string;
  readonly set?: string[];
  readonly threshold?: string[];
  readonly shard?: string;
  readonly shards?: number;
  readonly out: string;
  readonly resultToStdout: boolean;
}

/** `--shard I/N`, else `--shards N` with I from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), else the whole run. */
export function resolveShard(
  shard: string | undefined,
  shards: number | undefined,
  env: NodeJS.ProcessEnv,
): ShardSpec | undefined {
  if (shard !== undefined) {
    const parsed = parseShard(shard);
    if (!parsed.ok) throw new UsageError(`--shard ${parsed.problem}`);
    return parsed.shard;
  }
  if (shards === undefined) return undefined;
  const index = env.JOB_COMPLETION_INDEX;
  if (index === undefined)
    throw new UsageError(
      `--shards ${shards} needs the shard index: give --shard I/${shards}, or run where JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job)`,
    );
  const parsed = parseShard(`${index}/${shards}`);
  if (!parsed.ok)
    throw new UsageError(`JOB_COMPLETION_INDEX=${index} with --shards ${shards}: ${parsed.problem}`);
  return parsed.shard;
}

/** Off a terminal, a load progress line at most this often: a CI log stays readable. */
const OFF_TERMINAL_PROGRESS_MS = 10_000;

const runCommand: CommandModule<object, RunArgs> = {
  command: '$0 <scenario>',
  describe: 'Run a load scenario against a broker and judge its thresholds',
  builder: (yargs) =>
    addMetricsOptions(
      (yargs as Argv<object>)
        .positional('scenario', {
          type: 'string',
          demandOption: true,
          describe: 'Scenario file (YAML or JSON)',
        })
        .option('broker', {
          type: 'string',
          describe: 'Broker URL (mqtt://, mqtts://, ws://, wss://); replaces broker.url',
        })
        .option('mqtt-version', {
          type: 'string',
          describe:
            'MQTT version devices and controllers speak: 4 (MQTT 3.1.1) or 5 (MQTT 5.0); replaces mqtt.version. QoS per class: --set mqtt.qos.telemetry=0',
        })
        .option('hub-command', {
          type: 'string',
          describe: 'Load this hub (started as CMD --config FILE, section 8); replaces hub.command / hub.url',
        })
        .option('hub', {
          type: 'string',
          describe: 'Load a hub that already runs (ws://HOST:PORT/edp/1/hub); needs --hub-config',
        })
        .option('hub-config', {
          type: 'string',
          describe: 'The configuration file the --hub was started with (tokens, grants, broker)',
        })
        .conflicts('hub-command', 'hub')
        .option('token', {
          type: 'string',
          describe: 'One token for every device and controller (development brokers)',
        })
        .option('duration', {
          type: 'string',
          describe: 'Total hold time, e.g. 30s (spread over the hold stages)',
        })
        .option('set', {
          type: 'string',
          array: true,
          describe: 'Override any scenario key: --set requests.rate=500/s',
        })
        .option('threshold', {
          type: 'string',
          array: true,
          describe: "Add a threshold: --threshold 'rpc.p99<250ms' (spaces allowed: 'rpc.p99 < 250 ms')",
        })
        .option('shard', {
          type: 'string',
          describe: 'Run slice I of N of the fleet and schedule (0-based), e.g. 2/4',
        })
        .option('shards', {
          type: 'number',
          describe: 'Shard count; the index comes from JOB_COMPLETION_INDEX',
        })
        .option('out', {
          type: 'string',
          default: DEFAULT_LOAD_OUT,
          describe: 'Where load-result.json and load-report.html go',
        })
        .option('result-to-stdout', {
          type: 'boolean',
          default: false,
          describe: 'Also print the result between marker lines on stdout (pod logs)',
        }),
    )
      .conflicts('shard', 'shards')
      .example(
        '$0 load fixtures/scenarios/smoke.yaml --broker mqtt://127.0.0.1:1883',
        'Run the smoke scenario',
      )
      .example(
        "$0 load soak.yaml --set requests.rate=2000/s --threshold 'rpc.p99<250ms'",
        'Override and gate',
      )
      .example(
        '$0 load fixtures/scenarios/hub-smoke.yaml --hub-command "fleetcert hub"',
        'Load a hub through the Hub API (200 devices behind it, 8 app connections)',
      )
      .example(
        '$0 load soak.yaml --metrics 9464',
        'Live Prometheus metrics at http://127.0.0.1:9464/metrics while it runs',
      )
      .example(
        '$0 load soak.yaml --shard 1/4 --out shard-1',
        'One shard of four (then: fleetcert load merge)',
      )
      .epilogue(
        'Exit codes: 0 every threshold holds, 1 a threshold fails, 2 bad usage or setup.\nScenario format, metrics and thresholds: docs/load.md.',
      ) as unknown as Argv<RunArgs>,
  handler: async (argv: ArgumentsCamelCase<RunArgs>) => {
    const shard = resolveShard(argv.shard, argv.shards, process.env);
    if ((argv.hub === undefined) !== (argv.hubConfig === undefined))
      throw new UsageError(
        '--hub URL and --hub-config FILE go together: the configuration says its tokens, grants and broker',
      );
    const metricsAddress = resolveMetricsAddress(argv.metrics, argv.metricsProcess);
    const mqttVersion = resolveMqttVersion(argv.mqttVersion);
    const scenario = await loadScenarioFile(argv.scenario, {
      broker: argv.broker,
      ...(mqttVersion === undefined ? {} : { mqttVersion }),
      ...(argv.hubCommand === undefined ? {} : { hubCommand: argv.hubCommand }),
      ...(argv.hub === undefined ? {} : { hubUrl: argv.hub, hubConfig: argv.hubConfig }),
      token: argv.token,
      duration: argv.duration,
      set: argv.set,
      thresholds: argv.threshold,
    });
    // Progress: a line redrawn on a terminal; off one, a line every 10 s (CI logs), or log records
    // while structured logs own stderr (log-options.ts).
    const tty = process.stderr.isTTY === true && argv.log.progressOnStderr;
    const logger = commandLogger(argv.log);
    const say = progressWriter(argv.log, logger);
    let lastLineAt = Number.NEGATIVE_INFINITY;
    const metricsOptions = {
      shard: shard ?? WHOLE_RUN,
      scenario,
      version: FLEETCERT_VERSION,
      processMetrics: argv.metricsProcess,
    };
    const metrics =
      metricsAddress && (scenario.hub ? new HubLoadMetrics(metricsOptions) : new LoadMetrics(metricsOptions));
    // Listening before the run: a port in use is a setup error (exit 2), found before any device connects.
    const endpoint =
      metricsAddress && metrics
        ? await openMetricsEndpoint(metricsAddress, metrics.registry, process.stdout)
        : undefined;
    // SIGINT/SIGTERM/SIGHUP: the run stops, a hub it started is stopped, the result covers what ran.
    const abort = watchStopSignals();
    let result: LoadResult;
    try {
      result = scenario.hub
        ? await runHubLoad(scenario, {
            ...(shard ? { shard } : {}),
            ...(metrics instanceof HubLoadMetrics ? { onLive: metrics.watch } : {}),
            version: FLEETCERT_VERSION,
            logger,
            signal: abort.signal,
            // `fleetcert …` in a hub command is this very tool (a clone has no fleetcert on PATH).
            resolveCommand: (words) =>
              words[0] === 'fleetcert' ? [process.execPath, FLEETCERT_BIN, ...words.slice(1)] : words,
          })
        : await runLoad(scenario, {
            shard,
            version: FLEETCERT_VERSION,
            logger,
            signal: abort.signal,
            ...(metrics instanceof LoadMetrics ? { onLive: metrics.watch } : {}),
            onProgress: (progress) => {
              if (tty) process.stderr.write(`\r\x1b[2K${formatProgressLine(progress)}`);
              else if (!argv.log.progressOnStderr) logger.info({ ...progress }, 'load progress');
              else if (performance.now() - lastLineAt >= OFF_TERMINAL_PROGRESS_MS) {
                lastLineAt = performance.now();
                say(formatProgressLine(progress));
              }
            },
          });
    } finally {
      abort.dispose();
      if (tty) process.stderr.write('\n');
      await endpoint?.close();
    }
    const resultPath = await writeLoadResult(argv.out, result);
    const reportPath = await writeLoadReport(argv.out, result, `fleetcert ${FLEETCERT_VERSION}`);
    process.stdout.write(formatLoadSummary(result));
    process.stdout.write(`result: ${resultPath}\nreport: ${reportPath}\n`);
    if (argv.resultToStdout)
      process.stdout.write(
        `${SHARD_RESULT_BEGIN}\n${JSON.stringify(result, null, 1)}\n${SHARD_RESULT_END}\n`,
      );
    if (shard && shard.count > 1) {
      // A shard's thresholds are judged on the merged whole; a failing pod would only be retried.
      process.stdout.write('shard done: thresholds apply to the merged run (fleetcert load merge)\n');
      argv.setExitCode(0);
      return;
    }
    argv.setExitCode(result.verdict === 'passed' ? 0 : 1);
  },
};

export const loadCommand: CommandModule<object, object> = {
  command: 'load',
  describe:
    'Load-test a cloud with simulated fleets; merge shard results; write Kubernetes manifests; print the scenario schema',
  builder: (yargs) =>
    yargs.command(mergeCommand).command(k8sCommand).command(loadSchemaCommand).command(runCommand),
  handler: () => {},
};

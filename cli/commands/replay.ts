/**
 * `fleetcert replay TRACE.json|DIR …`: send a failed rule's recorded exchange to a device again
 * and judge the answers with the same judge, without the generators. Exit 0 when every trace
 * passes (the bugs are fixed), 1 when any fails, 2 for bad usage, an unreadable or tampered
 * trace (--verify), a trace recorded against another model digest, or an unreachable device.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { ReplayedTrace, ReplayRun } from '../../conformance/trace/index.js';
import { type ReplayReport, renderReplayJunit } from '../../reports/trace/index.js';
import { runDeviceReplay } from '../../runs/replay/index.js';
import { escapeControl, printable, UsageError } from '../../src/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { DEVICE_ID_PATTERN } from '../../src/transport/mqtt/index.js';
import { commandLogger, progressWriter } from '../command-logger.js';
import type { CommandArgs } from '../context.js';
import { FLEETCERT_VERSION } from '../edge.js';
import { resolveCertifyOptions } from './certify-options.js';
import { loadTraces } from './replay-traces-input.js';
import { asSetupError } from './setup-error.js';

export const DEFAULT_REPLAY_DIR = 'fleetcert-replay';

interface ReplayArgs extends CommandArgs {
  readonly traces: readonly string[];
  readonly listen?: number;
  readonly host?: string;
  readonly broker?: string;
  readonly controller?: string;
  readonly ws?: string;
  readonly model?: string;
  readonly deviceId?: string;
  readonly token?: string;
  readonly timeout?: number;
  readonly notifyTimeout?: number;
  readonly connectTimeout?: number;
  readonly verify: boolean;
  readonly publicKey?: string;
  readonly out: string;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <traces..>',
  describe:
    'Replay trace files (traces/RULE.trace.json) against a device: a failure found once, as a regression test',
  builder: (yargs) =>
    (yargs as Argv<object>)
      .positional('traces', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Trace files, or folders of *.trace.json (certify writes them to REPORTS/traces)',
      })
      .option('listen', {
        type: 'number',
        describe: 'Run the embedded broker on PORT; the device connects to it',
      })
      .option('host', { type: 'string', describe: 'Interface for --listen (default 0.0.0.0)' })
      .option('broker', { type: 'string', describe: 'Use an existing broker' })
      .option('controller', { type: 'string', describe: 'With --broker: log in as controller:NAME' })
      .option('ws', { type: 'string', describe: 'A WebSocket device at ws://HOST:PORT/edp/1' })
      .option('model', {
        type: 'string',
        describe:
          'Model file; its SHA-256 must be the one the traces were recorded with (default: the device’s)',
      })
      .option('device-id', { type: 'string', describe: 'The device id (default: the one in the traces)' })
      .option('token', { type: 'string', describe: 'As for certify (or FLEETCERT_TOKEN)' })
      .option('timeout', {
        type: 'number',
        describe: 'Response deadline in ms (at least the trace’s, and 2000)',
      })
      .option('notify-timeout', { type: 'number', describe: 'Notification deadline in ms (at least 1000)' })
      .option('connect-timeout', {
        type: 'number',
        describe: 'With --listen: how long to wait for the device, in ms',
      })
      .option('verify', {
        type: 'boolean',
        default: false,
        describe:
          'Refuse traces whose seal does not hold (edited since fleetcert wrote them); an unsigned trace holds as integrity only',
      })
      .option('public-key', {
        type: 'string',
        alias: 'key',
        describe:
          'Ed25519 public key (PEM) every trace must be signed with (implies --verify; certify --sign-key signs them)',
      })
      .option('out', { type: 'string', default: DEFAULT_REPLAY_DIR, describe: 'Where junit.xml goes' })
      .example(
        '$0 replay fleetcert-report/traces --ws ws://10.0.0.9:8080/edp/1 --token T',
        'Every trace of a certification, one JUnit file for all',
      )
      .example(
        '$0 replay traces/EDP-PROP-4.trace.json --listen 1883 --model bulb.json --token T --verify',
        'One committed trace; the device connects to this machine',
      )
      .epilogue(
        'A trace holds the model digest it was recorded for: replaying it against another model stops with exit 2. ' +
          '--verify checks each seal; an unsigned trace is integrity only (anyone could have rewritten it), so --public-key KEY makes a signature by that key mandatory. Exit codes: 0 every trace passed, 1 a trace failed, 2 bad usage, bad or tampered trace, other model, device not reached.',
      ) as unknown as Argv<ReplayArgs>,
  handler: async (argv: ArgumentsCamelCase<ReplayArgs>) => {
    const publicKeyPem = argv.publicKey === undefined ? undefined : await readPublicKey(argv.publicKey);
    const traces = await loadTraces(
      argv.traces,
      argv.verify || publicKeyPem !== undefined
        ? {
            ...(publicKeyPem === undefined ? {} : { publicKeyPem, publicKeySource: argv.publicKey }),
            onUnsigned: (source) =>
              process.stderr.write(
                `  integrity only: ${printable(source)} is not signed: anyone could have rewritten it and computed a new digest (pass --public-key to require a signature)\n`,
              ),
          }
        : false,
    );
    // A trace's device id becomes MQTT topics and file names: one outside section 5's form
    // (`bulb-0099/#`) once ended in "unexpected error: RangeError" and a stack trace.
    for (const { source, trace } of traces)
      if (!DEVICE_ID_PATTERN.test(trace.device.id))
        throw new UsageError(
          `${printable(source)}: device id ${JSON.stringify(printable(trace.device.id, 80))} is not a device id of section 5 (${DEVICE_ID_PATTERN.source}); is the trace damaged?`,
        );
    const deviceIds = [...new Set(traces.map((t) => t.trace.device.id))];
    const deviceId = argv.deviceId ?? (deviceIds.length === 1 ? deviceIds[0] : undefined);
    if (deviceId === undefined)
      throw new UsageError(
        `the traces were recorded on ${deviceIds.map((id) => printable(id, 80)).join(', ')}: name the device with --device-id`,
      );
    const options = resolveCertifyOptions({ ...argv, deviceId }, process.env.FLEETCERT_TOKEN);
    const loaded = argv.model === undefined ? undefined : await loadModelFile(argv.model).catch(asSetupError);
    const tty = process.stderr.isTTY === true && argv.log.progressOnStderr;
    const logger = commandLogger(argv.log);
    const say = progressWriter(argv.log, logger);
    if (options.target.mode === 'listen')
      say(`  waiting for ${printable(deviceId)} on port ${options.target.port || '(a free port)'}`);
    const run = await runDeviceReplay(
      {
        target: options.target,
        deviceId,
        token: options.token,
        ...(argv.timeout === undefined ? {} : { responseDeadlineMs: options.responseDeadlineMs }),
        ...(argv.notifyTimeout === undefined
          ? {}
          : { notificationDeadlineMs: options.notificationDeadlineMs }),
        ...(loaded === undefined
          ? {}
          : { model: { model: loaded.model, sha256: loaded.sha256, source: `from --model ${argv.model}` } }),
        toolVersion: FLEETCERT_VERSION,
        logger,
        ...(tty
          ? {
              onReplayed: ({ source, outcome }: ReplayedTrace) =>
                process.stderr.write(
                  `  ${outcome.verdict === 'passed' ? 'passed' : 'FAILED'}  ${printable(source, 300)}\n`,
                ),
            }
          : {}),
      },
      traces,
    );
    const report = replayReport(run);
    await mkdir(argv.out, { recursive: true });
    const junitPath = join(argv.out, 'junit.xml');
    await writeFile(junitPath, renderReplayJunit(report), 'utf8');
    process.stdout.write(replaySummary(report, junitPath));
    argv.setExitCode(report.entries.every((e) => e.verdict === 'passed') ? 0 : 1);
  },
};

export function replayReport(run: ReplayRun): ReplayReport {
  return {
    deviceId: run.deviceId,
    modelId: run.model.id,
    modelSha256: run.model.sha256,
    target: run.target,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    tool: `fleetcert ${FLEETCERT_VERSION}`,
    entries: run.replayed.map(({ source, trace, outcome }) => ({
      source,
      rule: trace.rule,
      summary: trace.summary,
      verdict: outcome.verdict,
      durationMs: outcome.durationMs,
      broken: outcome.verdict === 'failed' ? outcome.broken : [],
      commands: outcome.record.commands,
      messages: outcome.record.trace,
      violations: outcome.record.violations.map((v) => ({
        rule: v.rule,
        expected: v.expected,
        observed: v.observed,
      })),
    })),
  };
}

/** The exact text `fleetcert replay` prints; exported for its example tests. */
export function replaySummary(report: ReplayReport, junitPath: string): string {
  const failed = report.entries.filter((e) => e.verdict === 'failed');
  const lines = [
    `${printable(report.deviceId)} (${printable(report.modelId)}): ${failed.length === 0 ? 'every trace PASSED' : `${failed.length} of ${report.entries.length} traces FAILED`}`,
  ];
  for (const e of report.entries) {
    if (e.verdict === 'passed') {
      lines.push(`  passed  ${printable(e.source, 300)}  ${e.rule} holds`);
      continue;
    }
    const first = e.violations[0];
    const also = e.broken.filter((r) => r !== e.rule);
    lines.push(
      e.broken.includes(e.rule)
        ? `  FAILED  ${printable(e.source, 300)}  ${e.rule} still broken${also.length > 0 ? ` (also ${also.join(', ')})` : ''}`
        : `  FAILED  ${printable(e.source, 300)}  ${e.rule} held, but the exchange broke ${e.broken.join(', ')}`,
    );
    if (first !== undefined)
      lines.push(
        `    ${first.rule}: expected ${escapeControl(first.expected)}; observed ${escapeControl(first.observed)}`,
      );
  }
  lines.push(`  junit: ${junitPath}`);
  return `${lines.join('\n')}\n`;
}

async function readPublicKey(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read the public key ${path}: ${(error as Error).message}; pass --public-key KEY.pub.pem`,
      {
        cause: error,
      },
    );
  }
}

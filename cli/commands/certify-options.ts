/**
 * `fleetcert certify` options resolved, once, into the frozen config of a device run
 * (runs/device/). Pure:
 * the handler reads files and the environment; this only checks and combines. Usage errors name
 * the option and the fix (exit 2).
 */

import { randomInt } from 'node:crypto';
import {
  isRuleId,
  type RuleId,
  requirementsFor,
  type SubjectKind,
} from '../../conformance/catalogue/index.js';
import { type CertifyConfig, DEFAULT_RUNS } from '../../conformance/settings/index.js';
import {
  formatReplayToken,
  parseReplayToken,
  type ReplayToken,
} from '../../conformance/suites/model-based/index.js';
import { DEFAULT_REPORT_DIR } from '../../reports/index.js';
import type { DeviceRunTarget } from '../../runs/index.js';
import { UsageError } from '../../src/index.js';
import { NOTIFICATION_DEADLINE_MS, RESPONSE_DEADLINE_MS } from '../../src/protocol/index.js';
import { suggestRules } from '../suggest-rules.js';
import { runCaFiles } from './certify-tls-ca.js';
import { resolveMqttVersion } from './mqtt-version-option.js';
import { replayOutOption } from './replay-out.js';

export interface CertifyArgsIn {
  readonly listen?: number;
  readonly host?: string;
  readonly broker?: string;
  readonly controller?: string;
  readonly ws?: string;
  readonly model?: string;
  readonly deviceId: string;
  readonly token?: string;
  readonly runs?: number;
  readonly seed?: number;
  readonly replay?: string;
  readonly only?: readonly string[];
  readonly timeout?: number;
  readonly notifyTimeout?: number;
  readonly connectTimeout?: number;
  /** `--mqtt-version 4|5` (with --broker). */
  readonly mqttVersion?: string | number;
  readonly listenTls?: number;
  readonly tlsHost?: string;
  readonly tlsCaCert?: string;
  readonly tlsCaKey?: string;
  readonly tlsPlainPort?: number;
  /** Mutual TLS: the good server asks the device for a client certificate. */
  readonly tlsRequireClientCert?: boolean;
  /** With it: the CA that certificate must chain to (default the run's CA). */
  readonly tlsClientCa?: string;
  /** `--tls-ws`: the TLS port serves MQTT over WebSocket (wss://) instead of mqtts://. */
  readonly tlsWs?: boolean;
  /** `--out`: a run that makes its CA keeps it in OUT/tls/, and its replays name those files. */
  readonly out?: string;
}

/** `--listen-tls`, checked: the handler reads or makes the CA (files, at the edge) and fills `target.tls`. */
export interface TlsRequest {
  readonly port: number;
  readonly serverName: string;
  readonly plainPort: number;
  /** A CA kept between runs; absent: one is made for the run and its certificate written for the device. */
  readonly ca?: { readonly certPath: string; readonly keyPath: string };
  /**
   * Mutual TLS (`--tls-require-client-cert`): the device must present a certificate chaining to
   * `caPath` (`--tls-client-ca`), or to the CA the run uses when absent.
   */
  readonly clientCertificate?: { readonly caPath?: string };
  /** `ws`: MQTT over WebSocket over TLS (`--tls-ws`); default mqtts://. */
  readonly binding?: 'ws';
}

export type ResolvedCertifyOptions = Omit<
  CertifyConfig,
  'model' | 'toolVersion' | 'logger' | 'onProgress' | 'target'
> & {
  /** Where the device is: the run (runs/device/) starts the `--listen` broker. */
  readonly target: DeviceRunTarget;
  readonly modelFile?: string;
  readonly tlsRequest?: TlsRequest;
};

/** `tokenFromEnv`: FLEETCERT_TOKEN, read by the caller at the edge, used when --token is absent. */
export function resolveCertifyOptions(
  args: CertifyArgsIn,
  tokenFromEnv: string | undefined,
): ResolvedCertifyOptions {
  const targets = [
    args.listen !== undefined || args.listenTls !== undefined,
    args.broker !== undefined,
    args.ws !== undefined,
  ].filter(Boolean).length;
  if (targets !== 1)
    throw new UsageError(
      'name exactly one target: --listen PORT (and/or --listen-tls PORT), --broker URL or --ws URL',
    );
  const tlsRequest = resolveTls(args);
  const token = args.token ?? tokenFromEnv;
  if (token === undefined || token === '')
    throw new UsageError(
      'give the token with --token or FLEETCERT_TOKEN (listen: the device’s; broker: the controller’s; ws: the bearer token)',
    );
  const replay: ReplayToken | undefined =
    args.replay === undefined ? undefined : parseReplayToken(args.replay);
  const seed = replay?.seed ?? args.seed ?? randomInt(1, 2 ** 31 - 1);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got ${args.seed}`);
  const only = resolveOnly(args.only);
  const target = resolveTarget(args);
  const responseDeadlineMs = atLeast('--timeout', args.timeout, RESPONSE_DEADLINE_MS);
  const notificationDeadlineMs = atLeast('--notify-timeout', args.notifyTimeout, NOTIFICATION_DEADLINE_MS);
  const runs = args.runs ?? DEFAULT_RUNS;
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new UsageError(`--runs must be a whole number of at least 1, got ${args.runs}`);
  const base = replayPrefix(args);
  return Object.freeze({
    target,
    deviceId: args.deviceId,
    token,
    seed,
    runs,
    ...(replay === undefined ? {} : { replay }),
    ...(only === undefined ? {} : { only }),
    responseDeadlineMs,
    notificationDeadlineMs,
    ...(args.model === undefined ? {} : { modelFile: args.model }),
    ...(tlsRequest === undefined ? {} : { tlsRequest }),
    // A replay writes beside the run's report, never over it (OUT/replay-RULE).
    replayCommand: (token: ReplayToken | undefined, rule: RuleId) =>
      token === undefined
        ? `${base} --seed ${seed} --only ${rule} ${replayOutOption(args.out, rule)}`
        : `${base} --replay ${formatReplayToken(token)} --only ${rule} ${replayOutOption(args.out, rule)}`,
  });
}

/** `--only` resolved against the rules of one subject (`fleetcert certify` judges a device). */
export function resolveOnly(
  only: readonly string[] | undefined,
  subject: SubjectKind = 'device',
): RuleId[] | undefined {
  if (only === undefined || only.length === 0) return undefined;
  const allowed = requirementsFor(subject).map((r) => r.id);
  const rules = only.flatMap((o) => o.split(',')).map((o) => o.trim().toUpperCase());
  const unknown = rules.filter((r) => !isRuleId(r) || !allowed.includes(r));
  if (unknown.length > 0)
    throw new UsageError(
      `--only ${unknown.join(', ')}: not a rule fleetcert checks for a ${subject};${suggestRules(unknown, allowed)} choose from ${allowed.join(', ')}`,
    );
  return [...new Set(rules as RuleId[])];
}

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= 65_535;
}

/** Section 9's options; with --listen-tls alone the broker's own port is a free one on loopback. */
function resolveTls(args: CertifyArgsIn): TlsRequest | undefined {
  const tlsOnly = [
    args.tlsHost,
    args.tlsCaCert,
    args.tlsCaKey,
    args.tlsPlainPort,
    args.tlsRequireClientCert,
    args.tlsClientCa,
    args.tlsWs,
  ].some((v) => v !== undefined);
  if (args.listenTls === undefined) {
    if (tlsOnly)
      throw new UsageError(
        '--tls-host, --tls-ca-cert, --tls-ca-key, --tls-plain-port, --tls-require-client-cert, --tls-client-ca and --tls-ws go with --listen-tls PORT',
      );
    return undefined;
  }
  if (args.tlsClientCa !== undefined && args.tlsRequireClientCert !== true)
    throw new UsageError(
      '--tls-client-ca FILE goes with --tls-require-client-cert (mutual TLS: the device presents a certificate from that CA)',
    );
  if (!isPort(args.listenTls))
    throw new UsageError(`--listen-tls ${args.listenTls} is not a port (0..65535), e.g. 8883`);
  if (args.tlsHost === undefined || args.tlsHost.trim() === '')
    throw new UsageError(
      '--listen-tls needs --tls-host NAME: the host name (or IP) the device dials; the good certificate names it',
    );
  const plainPort = args.tlsPlainPort ?? 1883;
  if (!isPort(plainPort))
    throw new UsageError(`--tls-plain-port ${args.tlsPlainPort} is not a port (0..65535)`);
  if ((args.tlsCaCert === undefined) !== (args.tlsCaKey === undefined))
    throw new UsageError(
      'give --tls-ca-cert and --tls-ca-key together (the CA the device trusts, and its key)',
    );
  return {
    port: args.listenTls,
    serverName: args.tlsHost.trim(),
    plainPort,
    ...(args.tlsCaCert === undefined || args.tlsCaKey === undefined
      ? {}
      : { ca: { certPath: args.tlsCaCert, keyPath: args.tlsCaKey } }),
    ...(args.tlsRequireClientCert === true
      ? { clientCertificate: args.tlsClientCa === undefined ? {} : { caPath: args.tlsClientCa } }
      : {}),
    ...(args.tlsWs === true ? { binding: 'ws' as const } : {}),
  };
}

function resolveTarget(args: CertifyArgsIn): DeviceRunTarget {
  const mqttVersion = resolveMqttVersion(args.mqttVersion);
  if (mqttVersion !== undefined && args.broker === undefined)
    throw new UsageError(
      '--mqtt-version applies to --broker only: --listen runs an MQTT 3.1.1 broker and --ws is not MQTT',
    );
  if (args.listen !== undefined || args.listenTls !== undefined) {
    const port = args.listen ?? 0;
    if (!isPort(port)) throw new UsageError(`--listen ${args.listen} is not a port (0..65535)`);
    return {
      mode: 'listen',
      port,
      host: args.host ?? '0.0.0.0',
      ...(args.connectTimeout === undefined
        ? {}
        : { connectTimeoutMs: atLeast('--connect-timeout', args.connectTimeout, 1) }),
    };
  }
  if (args.broker !== undefined) {
    if (!/^(mqtts?|wss?):\/\//.test(args.broker))
      throw new UsageError(`--broker ${args.broker}: use an mqtt://, mqtts://, ws:// or wss:// URL`);
    return {
      mode: 'broker',
      url: args.broker,
      ...(args.controller === undefined ? {} : { controllerName: args.controller }),
      ...(mqttVersion === undefined ? {} : { mqttVersion }),
    };
  }
  const url = args.ws as string;
  if (!/^wss?:\/\//.test(url))
    throw new UsageError(`--ws ${url}: use a ws:// or wss:// URL, e.g. ws://192.168.1.20:8080/edp/1`);
  return { mode: 'ws', url };
}

/** Section 7: deadlines may be made longer, never shorter. */
function atLeast(option: string, value: number | undefined, minimum: number): number {
  if (value === undefined) return minimum;
  if (!Number.isFinite(value) || value < minimum) {
    throw new UsageError(
      `${option} ${value}: deadlines can only be made longer than the protocol's ${minimum} ms (docs/protocol.md, section 7: Timing)`,
    );
  }
  return value;
}

/** The command line that reruns this certification's target, without the token (read from FLEETCERT_TOKEN). */
function replayPrefix(args: CertifyArgsIn): string {
  const parts = ['FLEETCERT_TOKEN=… fleetcert certify'];
  if (args.listen !== undefined) parts.push(`--listen ${args.listen}`);
  if (args.host !== undefined) parts.push(`--host ${args.host}`);
  if (args.listenTls !== undefined) {
    parts.push(`--listen-tls ${args.listenTls} --tls-host ${args.tlsHost}`);
    if (args.tlsPlainPort !== undefined) parts.push(`--tls-plain-port ${args.tlsPlainPort}`);
    // The same trust anchor as this run: the device installed it once (the run's own CA is kept in OUT/tls/).
    const ca =
      args.tlsCaCert !== undefined && args.tlsCaKey !== undefined
        ? { certPath: args.tlsCaCert, keyPath: args.tlsCaKey }
        : runCaFiles(args.out ?? DEFAULT_REPORT_DIR);
    parts.push(`--tls-ca-cert ${ca.certPath} --tls-ca-key ${ca.keyPath}`);
    if (args.tlsRequireClientCert === true) parts.push('--tls-require-client-cert');
    if (args.tlsClientCa !== undefined) parts.push(`--tls-client-ca ${args.tlsClientCa}`);
    if (args.tlsWs === true) parts.push('--tls-ws');
  }
  if (args.broker !== undefined) parts.push(`--broker ${args.broker}`);
  if (args.ws !== undefined) parts.push(`--ws ${args.ws}`);
  parts.push(`--device-id ${args.deviceId}`);
  if (args.model !== undefined) parts.push(`--model ${args.model}`);
  if (args.timeout !== undefined) parts.push(`--timeout ${args.timeout}`);
  if (args.notifyTimeout !== undefined) parts.push(`--notify-timeout ${args.notifyTimeout}`);
  return parts.join(' ');
}

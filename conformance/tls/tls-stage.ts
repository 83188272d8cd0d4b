/**
 * The TLS checks of `certify --listen-tls` (section 9), before the usual suites: the plain
 * listener and the TLS probe start beside the embedded broker, the device's attempts meet one
 * server variant each (conformance/tls/tls-presentations.ts's order), and the probe hands the
 * good connection to the broker. The judge (judge-tls.ts) is pure; this is its I/O.
 */
import { performance } from 'node:perf_hooks';
import type { EmbeddedBroker } from '../../src/broker/index.js';
import { FleetcertError } from '../../src/index.js';
import type { TlsReport } from '../../src/result/index.js';
import {
  makeServerVariants,
  type ProbeRecord,
  startPlainCatcher,
  startTlsProbe,
} from '../../src/tls/index.js';
import type { TlsListenOptions } from '../settings/certify-config.js';
import { attemptKept, describeAttempt, judgeTls, type TlsRuleOutcome } from './judge-tls.js';
import type { TlsObservation } from './tls-observation.js';
import { presentationOf, TLS_PRESENTATIONS } from './tls-presentations.js';

export interface TlsStageResult {
  readonly outcomes: readonly TlsRuleOutcome[];
  readonly report: TlsReport;
  /** The device reached the broker over the good certificate: the usual suites can run. */
  readonly connected: boolean;
}

export interface TlsStage {
  readonly finished: Promise<TlsStageResult>;
  close(): Promise<void>;
}

export const DEFAULT_PLAIN_PORT = 1883;
/** The path a wss:// device dials (any path is served; this is the one printed). */
export const WSS_PATH = '/mqtt';
export const DEFAULT_NEXT_ATTEMPT_WAIT_MS = 32_000;
export const DEFAULT_CONNECT_WAIT_MS = 10_000;

export async function startTlsStage(options: {
  readonly tls: TlsListenOptions;
  readonly host: string;
  readonly deviceId: string;
  readonly broker: EmbeddedBroker;
  readonly firstAttemptWaitMs: number;
  readonly signal?: AbortSignal;
}): Promise<TlsStage> {
  const { tls } = options;
  const variants = await makeServerVariants(tls.ca, tls.serverName);
  const startedAt = performance.now();
  const plain = await startPlainCatcher({
    host: options.host,
    port: tls.plainPort ?? DEFAULT_PLAIN_PORT,
    startedAt,
  });
  let probe: Awaited<ReturnType<typeof startTlsProbe>>;
  try {
    probe = await startTlsProbe({
      host: options.host,
      port: tls.port,
      deviceId: options.deviceId,
      variants,
      order: TLS_PRESENTATIONS.map((p) => p.kind),
      firstAttemptWaitMs: options.firstAttemptWaitMs,
      nextAttemptWaitMs: tls.nextAttemptWaitMs ?? DEFAULT_NEXT_ATTEMPT_WAIT_MS,
      connectWaitMs: tls.connectWaitMs ?? DEFAULT_CONNECT_WAIT_MS,
      onGood: (stream) => options.broker.accept(stream),
      ...(tls.binding === undefined ? {} : { binding: tls.binding }),
      ...(tls.requireClientCertificate === undefined
        ? {}
        : { clientCertificate: { caPem: tls.requireClientCertificate.caPem } }),
      startedAt,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    await plain.close();
    throw error;
  }
  const host = tls.serverName.includes(':') ? `[${tls.serverName}]` : tls.serverName;
  const url =
    tls.binding === 'ws' ? `wss://${host}:${probe.port}${WSS_PATH}` : `mqtts://${host}:${probe.port}`;
  tls.onListening?.({ url, port: probe.port, plainPort: plain.port });
  const finished = probe.record.then((record) => {
    const observation: TlsObservation = {
      deviceId: options.deviceId,
      attempts: record.attempts,
      plain: plain.seen(),
      ...(record.stopped === undefined ? {} : { stopped: record.stopped }),
      ...(tls.requireClientCertificate === undefined
        ? {}
        : { clientCertificateRequired: { ca: tls.requireClientCertificate.caSource } }),
      durationMs: record.durationMs,
    };
    return {
      outcomes: judgeTls(observation),
      report: tlsReport(observation, record, { ...tls, port: probe.port, plainPort: plain.port }),
      connected: record.attempts.some((a) => a.presented === 'good' && a.connect !== undefined),
    };
  });
  return {
    finished,
    // The TLS listener stays up for the whole certification: the device reconnects through it (EDP-MQTT-2).
    async close() {
      await probe.close();
      await plain.close();
    },
  };
}

function tlsReport(
  observation: TlsObservation,
  record: ProbeRecord,
  tls: TlsListenOptions & { readonly port: number; readonly plainPort: number },
): TlsReport {
  const stopped = record.stopped;
  return {
    serverName: tls.serverName,
    port: tls.port,
    plainPort: tls.plainPort,
    ...(tls.trustAnchorPath === undefined ? {} : { trustAnchor: tls.trustAnchorPath }),
    ...(tls.requireClientCertificate === undefined
      ? {}
      : { clientCa: tls.requireClientCertificate.caSource }),
    // From the device's first attempt: the wait before it is the partner's, not the checks'.
    durationMs: Math.round(record.durationMs - (record.attempts[0]?.at ?? 0)),
    attempts: observation.attempts.map((attempt) => {
      const presentation = presentationOf(attempt.presented);
      return {
        presented: attempt.presented,
        description: presentation.description,
        rule: presentation.rule,
        expected: presentation.expect,
        observed: describeAttempt(attempt),
        ok: attemptKept(attempt, observation),
        atMs: Math.round(attempt.at),
      };
    }),
    plaintext: observation.plain.flatMap((p) => (p.connect === undefined ? [] : [p.connect.clientId])),
    ...(stopped === undefined
      ? {}
      : {
          stopped:
            stopped.cause === 'interrupted'
              ? 'interrupted'
              : `${stopped.cause === 'absent' ? 'no TLS connection came' : 'no further TLS attempt came'} within ${Math.round(stopped.waitedMs / 1000)} s`,
        }),
  };
}

/**
 * The device never connected over the good certificate, so the usual suites cannot run. The
 * message carries the TLS verdicts: what was presented and what the device did is not lost.
 */
export class TlsUnreachableError extends FleetcertError {
  constructor(
    deviceId: string,
    readonly tls: TlsStageResult,
  ) {
    const lines = tls.report.attempts.map(
      (a) => `  ${a.ok ? 'ok  ' : 'FAIL'} ${a.rule} ${a.presented}: ${a.observed}`,
    );
    const verdicts = tls.outcomes.map(
      (o) =>
        `  ${o.rule} ${o.verdict}${o.verdict === 'failed' ? `: ${o.violations.map((v) => v.message).join('; ')}` : o.verdict === 'not-run' ? `: ${o.reason}` : ''}`,
    );
    super(
      'CERTIFY_TLS_NOT_CONNECTED',
      `device ${deviceId} did not connect over TLS with the good certificate on port ${tls.report.port} (${tls.report.stopped ?? 'it refused it'}), so the other rules cannot run. Install the trust anchor ${tls.report.trustAnchor ?? '(the CA certificate given with --tls-ca-cert)'} on the device and have it dial ${tls.report.serverName}:${tls.report.port}.\nTLS attempts:\n${lines.join('\n') || '  (none)'}\nTLS verdicts:\n${verdicts.join('\n')}`,
    );
  }
}

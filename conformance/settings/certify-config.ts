/**
 * Everything `certifyDevice` needs, resolved once at the edge (CLI, `npm start`, benchmarks)
 * into one typed object. Deadlines may only be made longer than PROTOCOL.md section 7's.
 */
import type { Logger } from '../../src/log/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import { NOTIFICATION_DEADLINE_MS, RESPONSE_DEADLINE_MS } from '../../src/protocol/index.js';
import type { IssuedCertificate } from '../../src/tls/index.js';
import type { MqttVersion } from '../../src/transport/mqtt/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { ListenBroker } from '../certify/listen-broker.js';
import type { ProgressListener } from '../certify/progress.js';
import type { ReplayToken } from '../suites/model-based/replay-token.js';
import type { TlsStage } from '../tls/tls-stage.js';
import type { TraceFile } from '../trace/trace-file.js';

export type CertifyTarget =
  | {
      /**
       * fleetcert runs the broker the device connects to (runs/ starts it): the judge logs in as
       * `controller:fleetcert` with `controllerToken`, waits for the device, and may cut it off.
       */
      readonly mode: 'listen';
      readonly broker: ListenBroker;
      readonly controllerToken: string;
      /** How long to wait for the device to connect. Default 60 s. */
      readonly connectTimeoutMs?: number;
      /** Refusals before this time (Date.now) are an earlier run's, not the device's. Default: now. */
      readonly since?: number;
      /**
       * Section 9 (`--listen-tls`): the TLS checks runs/ started in front of the broker; the judge
       * waits for their verdicts, and for the device over the good certificate, before the suites.
       */
      readonly tls?: TlsStage;
    }
  | {
      readonly mode: 'broker';
      readonly url: string;
      /** Logs in as `controller:NAME`; default `fleetcert`. */
      readonly controllerName?: string;
      /** MQTT protocol version of the controller (4: 3.1.1, the default; 5: MQTT 5). */
      readonly mqttVersion?: MqttVersion;
    }
  | { readonly mode: 'ws'; readonly url: string };

/** `--listen-tls`: where fleetcert serves TLS, the name it answers to, and the CA the device trusts. */
export interface TlsListenOptions {
  readonly port: number;
  /** The host name the device dials (`--tls-host`): the good certificate's subject alternative name. */
  readonly serverName: string;
  /** The trust anchor the device installed (`--tls-ca-cert/--tls-ca-key`, or made for the run). */
  readonly ca: IssuedCertificate;
  /** Where the CA certificate was written for the partner, for the report. */
  readonly trustAnchorPath?: string;
  /** The plain listener that catches a fallback to plaintext (EDP-TLS-6). Default 1883. */
  readonly plainPort?: number;
  /** How long to wait for each attempt after the first. Default 32 s: EDP-MQTT-2's 30 s, and 2 s for the path. */
  readonly nextAttemptWaitMs?: number;
  /** After a completed handshake, how long the device has to send CONNECT. Default 10 s. */
  readonly connectWaitMs?: number;
  /**
   * Mutual TLS (`--tls-require-client-cert`): the good server asks for a client certificate that
   * chains to this CA and names the device id (section 9, judged under EDP-TLS-1).
   */
  readonly requireClientCertificate?: {
    readonly caPem: string;
    /** Where the client CA came from, for the report (`--tls-client-ca FILE`, or the run's CA). */
    readonly caSource: string;
  };
  /**
   * How MQTT rides on TLS (section 9): `mqtt`, mqtts:// (default); `ws`, MQTT over WebSocket
   * over TLS (wss://HOST:PORT/mqtt), with the same presentations before the upgrade.
   */
  readonly binding?: 'mqtt' | 'ws';
  /** Called once both listeners listen: the URL the device dials and the plain port. */
  readonly onListening?: (info: {
    readonly url: string;
    readonly port: number;
    readonly plainPort: number;
  }) => void;
}

export interface CertifyConfig {
  readonly target: CertifyTarget;
  readonly deviceId: string;
  /** listen: the token the device logs in with; broker: the controller's token; ws: the bearer token. */
  readonly token: string;
  /** The model to judge against; read from the device (retained `model` topic, or `get_model`) when absent. */
  readonly model?: { readonly model: DeviceModel; readonly sha256: string };
  readonly seed: number;
  /** Model-based runs (command sequences) in all. */
  readonly runs: number;
  readonly replay?: ReplayToken;
  /** Only these rules; the others are reported not run. */
  readonly only?: readonly RuleId[];
  readonly responseDeadlineMs?: number;
  readonly notificationDeadlineMs?: number;
  readonly toolVersion: string;
  /** The command line that replays a failure, built at the edge (it knows how the run was started). */
  readonly replayCommand?: (replay: ReplayToken | undefined, rule: RuleId) => string;
  /** Seeds request ids. Not the run's seed: ids must differ between certifications (EDP-RPC-5's 60 s window). */
  readonly requestIdSeed?: number;
  readonly maxCommands?: number;
  /** Time to shrink one rule's counterexample; 0 turns shrinking off. Default 10 s. */
  readonly shrinkTimeLimitMs?: number;
  /** Time for the model-based exploration, all phases together. Default 120 s. */
  readonly timeLimitMs?: number;
  /** Wait for stray messages at the end of a run. Default 20 ms. */
  readonly quietMs?: number;
  readonly logger?: Logger;
  readonly onProgress?: ProgressListener;
  /** Each failed model-based rule's trace file (unsealed), as soon as the rule fails: the caller writes it. */
  readonly onTrace?: (trace: TraceFile) => void;
  /** Aborted (Ctrl-C): no new check or run starts; what was judged is returned, marked partial. */
  readonly signal?: AbortSignal;
}

export interface ResolvedTiming {
  readonly responseDeadlineMs: number;
  readonly notificationDeadlineMs: number;
  readonly extended: boolean;
}

export function resolveTiming(config: CertifyConfig): ResolvedTiming {
  const responseDeadlineMs = Math.max(
    RESPONSE_DEADLINE_MS,
    config.responseDeadlineMs ?? RESPONSE_DEADLINE_MS,
  );
  const notificationDeadlineMs = Math.max(
    NOTIFICATION_DEADLINE_MS,
    config.notificationDeadlineMs ?? NOTIFICATION_DEADLINE_MS,
  );
  return {
    responseDeadlineMs,
    notificationDeadlineMs,
    extended: responseDeadlineMs > RESPONSE_DEADLINE_MS || notificationDeadlineMs > NOTIFICATION_DEADLINE_MS,
  };
}

export const DEFAULT_RUNS = 100;
export const DEFAULT_MAX_COMMANDS = 24;
export const DEFAULT_SHRINK_TIME_LIMIT_MS = 10_000;
export const DEFAULT_QUIET_MS = 20;
export const DEFAULT_TIME_LIMIT_MS = 120_000;
export const SILENCE_LIMIT = 4;

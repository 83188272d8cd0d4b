/**
 * The machine-readable outcome of `fleetcert certify` (`result.json`). Conformance builds it,
 * reports render it: data flows one way, and this file is the contract between them. Each
 * rule's row is a `RuleVerdict` (rule-verdict.ts), the one verdict type from judge to report.
 */
import type { RuleVerdict } from './rule-verdict.js';

export const CERTIFICATION_RESULT_SCHEMA = 'fleetcert.certification-result/2';
/** Device results written before hubs could be certified; reports still read them (reports/result/). */
export const CERTIFICATION_RESULT_SCHEMA_V1 = 'fleetcert.certification-result/1';

export type Binding = 'mqtt' | 'ws';
export type Verdict = 'passed' | 'failed' | 'not-run';

/** How a device was reached: `listen` (embedded broker), `broker` (an existing broker), `ws` (direct WebSocket). */
export type DeviceMode = 'listen' | 'broker' | 'ws';
/** How a hub was reached: `hub-command` (fleetcert started it), `hub-url` (it already ran). */
export type HubMode = 'hub-command' | 'hub-url';
export type CertifyMode = DeviceMode | HubMode;

/** What was certified: one device. */
export interface DeviceSubject {
  readonly kind: 'device';
  readonly id: string;
  readonly modelId: string;
  readonly modelSha256: string;
  /** Firmware version from presence or `hello`, when seen. */
  readonly firmware?: string;
  readonly binding: Binding;
  /** Where the device was reached (broker URL, `--listen` port, or ws URL); never a token. */
  readonly target: string;
  /**
   * The model's property names by `siid.piid` (`"2.1": "light.on"`), so a report names the
   * properties in the device's own messages without the model file. Absent in older results.
   */
  readonly propertyNames?: Readonly<Record<string, string>>;
}

/** One simulated device behind the hub (PROTOCOL.md section 8). */
export interface HubFleetDevice {
  readonly deviceId: string;
  readonly modelId: string;
  /** How the hub reaches it: over the broker, or as a `ws_devices` entry. */
  readonly binding: Binding;
}

/** One app token of the hub's configuration, by NAME: its secret never enters a result. */
export interface HubApp {
  readonly name: string;
  /** The devices it is granted, or `*` for all. */
  readonly devices: readonly string[] | '*';
}

/** What was certified: a hub (or cloud) serving apps, with a simulated fleet behind it. */
export interface HubSubject {
  readonly kind: 'hub';
  /** The hub command fleetcert ran, or the URL of a hub that already ran; never a token. */
  readonly target: string;
  /** The app endpoint, `ws://HOST:PORT/edp/1/hub`. */
  readonly hubUrl: string;
  readonly fleet: readonly HubFleetDevice[];
  readonly apps: readonly HubApp[];
  /** The hub's `deadline_ms` (D of EDP-HUB-2). */
  readonly deadlineMs: number;
}

export type CertificationSubject = DeviceSubject | HubSubject;

/** The lane of a hub run's sequence chart that stands for the hub itself. */
export const HUB_PARTY = 'hub';

/** One message in a counterexample or trace, as the harness saw it. */
export interface TraceEntry {
  /** Milliseconds since the start of the run that produced it. */
  readonly atMs: number;
  /**
   * `sent` by `party` (the harness, when absent) to its counterpart, `received` by it from
   * there, or `note` (a remark on its lane). Without `party` the counterpart is the device.
   */
  readonly direction: 'sent' | 'received' | 'note';
  /**
   * Who this entry happened at, in a run with several parties (a hub run): an app connection's
   * name (`app-a#1`; its counterpart is the hub), a device id (what the fleet recorded that
   * device receiving from or sending to the hub), or `hub` (notes on the hub's lane). Absent in
   * device certification: the harness, facing the one device.
   */
  readonly party?: string;
  /** Where it travelled: an MQTT topic, `ws`, or `harness`. */
  readonly channel: string;
  /** The parsed JSON message, or the raw text when it was not JSON. */
  readonly message: unknown;
  /** What the judge expected here, when this entry is where the device went wrong. */
  readonly expected?: string;
  /** What was observed, when it differs from `expected`. */
  readonly observed?: string;
}

export interface Counterexample {
  /** The minimal command sequence, one readable line per command (fast-check `toString`). */
  readonly commands: readonly string[];
  /** The messages exchanged while replaying it, with timestamps. */
  readonly trace: readonly TraceEntry[];
  /** One sentence: what the device did wrong. */
  readonly summary: string;
}

export interface Replay {
  readonly seed: number;
  /** fast-check's replay path (empty for scripted binding checks, which rerun with `--only`). */
  readonly path: string;
  /** fc.commands' replay path (which commands of each shrunk sequence ran), when the path needs it. */
  readonly commandsReplayPath?: string;
  /** The exact command line that replays this failure. */
  readonly command: string;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Up to a few hundred response latencies in milliseconds, for the report's chart. */
  readonly samplesMs: readonly number[];
}

/** One TLS connection attempt of the device (section 9): what fleetcert presented and what the device did. */
export interface TlsAttemptReport {
  /** The variant, e.g. `expired`. */
  readonly presented: string;
  readonly description: string;
  readonly rule: string;
  readonly expected: 'accept' | 'refuse';
  /** What the device did, in words (never its token). */
  readonly observed: string;
  readonly ok: boolean;
  /** ms from the start of the TLS checks. */
  readonly atMs: number;
}

/** The report's TLS section (`certify --listen-tls`). */
export interface TlsReport {
  /** The host name the device dials, the one the good certificate names. */
  readonly serverName: string;
  readonly port: number;
  /** The plain listener that watches for a fallback to plaintext (EDP-TLS-6). */
  readonly plainPort: number;
  /** Where the trust anchor the device installs was written, when fleetcert wrote it. */
  readonly trustAnchor?: string;
  /**
   * Mutual TLS (`--tls-require-client-cert`): the client CA the device's certificate had to chain
   * to (its file, or the run's CA); absent when no client certificate was asked for.
   */
  readonly clientCa?: string;
  readonly durationMs: number;
  readonly attempts: readonly TlsAttemptReport[];
  /** Plaintext CONNECTs seen (client ids only). */
  readonly plaintext: readonly string[];
  /** Why the attempts ended early, when they did. */
  readonly stopped?: string;
}

export interface CertificationResult {
  readonly schema: typeof CERTIFICATION_RESULT_SCHEMA;
  readonly tool: { readonly name: 'fleetcert'; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly subject: CertificationSubject;
  readonly seed: number;
  readonly settings: {
    readonly runs: number;
    readonly responseDeadlineMs: number;
    readonly notificationDeadlineMs: number;
    /** True when deadlines were made longer than the protocol's defaults (section 7). */
    readonly deadlinesExtended: boolean;
    readonly only?: readonly string[];
    /** The counterexample replayed (`--replay SEED:PATH[@REPLAYPATH]`), when the run was a replay. */
    readonly replay?: string;
    readonly mode: CertifyMode;
  };
  /**
   * `partial`: only some rules were checked (`--only`, `--replay`) and none failed; never a
   * certificate (src/result/verdict.ts).
   */
  readonly verdict: 'certified' | 'not-certified' | 'partial';
  readonly counts: { readonly passed: number; readonly failed: number; readonly notRun: number };
  readonly requests: number;
  readonly latency: LatencySummary;
  /** What fleetcert noticed about the path that a partner can fix (a broker's Nagle delay). */
  readonly advice?: readonly string[];
  readonly requirements: readonly RuleVerdict[];
  /** Section 9, with `--listen-tls`: each certificate presented and what the device did. */
  readonly tls?: TlsReport;
  /** Tamper evidence, added by reports (issue 5): SHA-256 over the canonical form without this member. */
  readonly integrity?: {
    readonly algorithm: 'sha256';
    readonly digest: string;
    readonly signature?: {
      readonly algorithm: 'ed25519';
      readonly publicKey: string;
      readonly value: string;
    };
  };
}

/** A result whose subject is known to be a device. */
export type DeviceCertificationResult = CertificationResult & { readonly subject: DeviceSubject };
/** A result whose subject is known to be a hub. */
export type HubCertificationResult = CertificationResult & { readonly subject: HubSubject };

export function isDeviceResult(result: CertificationResult): result is DeviceCertificationResult {
  return result.subject.kind === 'device';
}

export function isHubResult(result: CertificationResult): result is HubCertificationResult {
  return result.subject.kind === 'hub';
}

/** The subject's name in one word: a device id, or `hub` with its target. */
export function subjectName(subject: CertificationSubject): string {
  return subject.kind === 'device' ? subject.id : `hub ${subject.target}`;
}

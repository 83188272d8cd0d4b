/**
 * The machine-readable outcome of `fleetcert certify` (`result.json`). Conformance builds it,
 * reports render it: data flows one way, and this file is the contract between them.
 */

export const CERTIFICATION_RESULT_SCHEMA = 'fleetcert.certification-result/1';

export type Binding = 'mqtt' | 'ws';
export type Verdict = 'passed' | 'failed' | 'not-run';

/** One message in a counterexample or trace, as the harness saw it. */
export interface TraceEntry {
  /** Milliseconds since the start of the run that produced it. */
  readonly atMs: number;
  /** `sent` by the harness to the device, `received` from it, or `note` (harness remark). */
  readonly direction: 'sent' | 'received' | 'note';
  /** Where it travelled: an MQTT topic, `ws`, or `harness`. */
  readonly channel: string;
  /** The parsed JSON message, or the raw text when it was not JSON. */
  readonly message: unknown;
  /** What the oracle expected here, when this entry is where the device went wrong. */
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

interface RequirementBase {
  /** The rule ID of PROTOCOL.md, e.g. `EDP-PROP-3`. */
  readonly rule: string;
  /** One-line statement of the rule. */
  readonly statement: string;
  readonly bindings: readonly Binding[];
  readonly runs: number;
  readonly durationMs: number;
  /** Remarks: parts of the rule this mode could not observe, e.g. a graceful shutdown. */
  readonly notes?: readonly string[];
  /**
   * The cases of this rule the suite enumerates (every malformed frame kind, each item-code
   * precedence, each action's effects, each guard) and how many of them this run sent.
   */
  readonly cases?: { readonly enumerated: number; readonly sent: readonly string[] };
}

export type RequirementResult =
  | (RequirementBase & { readonly verdict: 'passed' })
  | (RequirementBase & {
      readonly verdict: 'failed';
      readonly counterexample: Counterexample;
      readonly replay: Replay;
      /**
       * False when the replay, run against the same device, did not fail the rule again: the
       * failure was seen, not reproduced, and the counterexample is the run's raw trace.
       */
      readonly reproduced?: boolean;
      /** The rule whose failure this one follows from (fix that first); the replay is that rule's. */
      readonly consequenceOf?: string;
    })
  | (RequirementBase & { readonly verdict: 'not-run'; readonly reason: string });

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Up to a few hundred response latencies in milliseconds, for the report's chart. */
  readonly samplesMs: readonly number[];
}

export interface CertificationResult {
  readonly schema: typeof CERTIFICATION_RESULT_SCHEMA;
  readonly tool: { readonly name: 'fleetcert'; readonly version: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly device: {
    readonly id: string;
    readonly modelId: string;
    readonly modelSha256: string;
    /** Firmware version from presence or `hello`, when seen. */
    readonly firmware?: string;
    readonly binding: Binding;
    /** Where the device was reached (broker URL, `--listen` port, or ws URL); never a token. */
    readonly target: string;
  };
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
    readonly mode: 'listen' | 'broker' | 'ws';
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
  readonly requirements: readonly RequirementResult[];
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

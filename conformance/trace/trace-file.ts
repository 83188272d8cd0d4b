/**
 * A trace file (`traces/EDP-PROP-4.trace.json`): one failed rule's counterexample written down
 * so that it replays without the generators. Versioned by `schema`; independent of the result
 * file's shape, so either can change without the other. Everything a partner needs to read the
 * failing exchange is here: the model (id and SHA-256), binding, device, timing, the state the
 * run started from, every message fleetcert sent in order with what the judge expected of it,
 * and the whole exchange as recorded.
 */

export const TRACE_SCHEMA = 'fleetcert.trace/1';

/** A frame as written in a trace: text, or base64 for bytes that are not text. */
export type TraceFrame = { readonly text: string } | { readonly base64: string };

export interface TraceExpectation {
  /** The response the judge predicts, in words. */
  readonly response: string;
  /** `properties_changed` items it must send within the notification deadline of the response (EDP-NOTIFY-1). */
  readonly notifications: readonly string[];
  /** `event_occurred` it must send (EDP-ACT-1). */
  readonly events: readonly string[];
}

interface TraceStepBase {
  /** 1-based, in sending order. */
  readonly n: number;
  /** The command (index into `commands`, from 0) that sent it. */
  readonly command: number;
  /** When it was sent in the recorded run, ms from the run's start (replay sends each step once the one before it is answered or its deadline passed). */
  readonly atMs: number;
  /** The response must come within this many ms of sending (EDP-RPC-1). */
  readonly responseWithinMs: number;
  /** When notifications or events are expected: within this many ms of the response (EDP-NOTIFY-1). */
  readonly notificationsWithinMs?: number;
  readonly expects: TraceExpectation;
}

/** A well-formed request: replay sends this method and params under a fresh id. */
export interface TraceRequestStep extends TraceStepBase {
  readonly kind: 'request';
  readonly request: { readonly id: number; readonly method: string; readonly params: unknown };
  /** The rule a missing response breaks (default EDP-RPC-1). */
  readonly missingResponseRule?: string;
}

/** A malformed frame, sent byte for byte (its id, if it has one, replaced by a fresh one), then a valid probe read. */
export interface TraceMalformedStep extends TraceStepBase {
  readonly kind: 'malformed';
  readonly frame: TraceFrame;
  /** Sent as a WebSocket binary frame. */
  readonly binary: boolean;
  readonly frameId?: number;
  readonly carriesId: boolean;
  /** The envelope error code it must get (EDP-RPC-4). */
  readonly code: number;
  readonly why: string;
  readonly probe: { readonly siid: number; readonly piid: number };
}

/** A repeat of an earlier answered request's id (EDP-RPC-5). */
export interface TraceRepeatStep extends TraceStepBase {
  readonly kind: 'repeat';
  /** Which answered request of the run: 1 is the latest. */
  readonly back: number;
  readonly repeatsId: number;
  /** `null`: the original frame again; else this body under the old id. */
  readonly body: { readonly method: string; readonly params: unknown } | null;
  readonly frame: TraceFrame;
  readonly binary: boolean;
}

export type TraceStep = TraceRequestStep | TraceMalformedStep | TraceRepeatStep;

/** One message of the recorded exchange, for reading (replay does not use these). */
export interface TraceMessage {
  readonly atMs: number;
  readonly direction: 'sent' | 'received' | 'note';
  readonly channel: string;
  readonly message: unknown;
  readonly expected?: string;
  readonly observed?: string;
}

export interface TraceFile {
  readonly schema: typeof TRACE_SCHEMA;
  /** The rule the recorded run broke. */
  readonly rule: string;
  /** What the device did wrong, in one sentence. */
  readonly summary: string;
  readonly tool: { readonly name: 'fleetcert'; readonly version: string };
  readonly recordedAt: string;
  readonly device: { readonly id: string; readonly binding: 'mqtt' | 'ws' };
  /** The model the exchange is judged against: replay refuses another (exit 2). */
  readonly model: { readonly id: string; readonly sha256: string };
  /**
   * Section 7 deadlines the run used; replay uses at least these. Each step is sent once the one
   * before it is answered (or its deadline passed); after the last, the run waits for the
   * notifications it expects, then `quietMs` for stray messages, then judges.
   */
  readonly timing: {
    readonly responseDeadlineMs: number;
    readonly notificationDeadlineMs: number;
    readonly quietMs: number;
  };
  /** The commands of the counterexample, as a partner reads them. */
  readonly commands: readonly string[];
  readonly setup: {
    /** The state the run wrote before its commands (replay reads the device, then writes what differs, then reads). */
    readonly initialState: ReadonlyArray<{
      readonly siid: number;
      readonly piid: number;
      readonly value: unknown;
    }>;
    readonly singleItems: boolean;
  };
  readonly steps: readonly TraceStep[];
  /** The violations the recorded run found. */
  readonly violations: ReadonlyArray<{
    readonly rule: string;
    readonly expected: string;
    readonly observed: string;
  }>;
  readonly recorded: readonly TraceMessage[];
  /** Tamper evidence, as for reports: SHA-256 over the canonical JSON without this member. */
  readonly integrity?: {
    readonly algorithm: 'sha256';
    readonly digest: string;
    readonly signature?: unknown;
  };
}

/** `traces/EDP-PROP-4.trace.json`: where a rule's trace goes, relative to the report folder. */
export function traceFileName(rule: string): string {
  return `${rule}.trace.json`;
}

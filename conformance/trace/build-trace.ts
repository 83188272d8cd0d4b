/**
 * A failed rule's run record → its trace file (unsealed: reports/ seals it when it writes it).
 * Pure. Only runs that kept a script (the model-based suite) have a trace; scripted binding
 * checks rerun with `--only`.
 */
import type { RunRecord } from '../harness/run-outcome.js';
import type { ScriptStep } from '../harness/run-script.js';
import { TRACE_SCHEMA, type TraceFile, type TraceFrame, type TraceStep } from './trace-file.js';

export interface TraceContext {
  readonly rule: string;
  readonly toolVersion: string;
  readonly recordedAt: Date;
  readonly device: TraceFile['device'];
  readonly model: TraceFile['model'];
  readonly timing: TraceFile['timing'];
}

export function buildTrace(record: RunRecord, context: TraceContext): TraceFile | undefined {
  const script = record.script;
  if (script === undefined) return undefined;
  const mine = record.violations.filter((v) => v.rule === context.rule);
  const first = mine[0] ?? record.violations[0];
  return {
    schema: TRACE_SCHEMA,
    rule: context.rule,
    summary:
      first === undefined
        ? `the device broke ${context.rule}`
        : `Expected ${first.expected}; the device gave ${first.observed}.`,
    tool: { name: 'fleetcert', version: context.toolVersion },
    recordedAt: context.recordedAt.toISOString(),
    device: context.device,
    model: context.model,
    timing: context.timing,
    commands: [...record.commands],
    setup: { initialState: script.initialState.map((i) => ({ ...i })), singleItems: script.singleItems },
    steps: script.steps.map((step, i) => traceStep(step, i, context.timing)),
    violations: record.violations.map((v) => ({ rule: v.rule, expected: v.expected, observed: v.observed })),
    recorded: record.trace.map((entry) => ({ ...entry })),
  };
}

function traceStep(step: ScriptStep, index: number, timing: TraceContext['timing']): TraceStep {
  const notifies = step.expects.notifications.length > 0 || step.expects.events.length > 0;
  const base = {
    n: index + 1,
    kind: step.kind,
    command: step.command,
    atMs: step.atMs,
    responseWithinMs: timing.responseDeadlineMs,
    ...(notifies ? { notificationsWithinMs: timing.notificationDeadlineMs } : {}),
    expects: step.expects,
  };
  switch (step.kind) {
    case 'request':
      return {
        ...base,
        kind: 'request',
        request: { id: step.id, method: step.body.method, params: step.body.params },
        ...(step.missingResponseRule === undefined ? {} : { missingResponseRule: step.missingResponseRule }),
      };
    case 'malformed':
      return {
        ...base,
        kind: 'malformed',
        frame: traceFrame(step.frame),
        binary: step.binary,
        ...(step.frameId === undefined ? {} : { frameId: step.frameId }),
        carriesId: step.carriesId,
        code: step.code,
        why: step.why,
        probe: step.probe,
      };
    case 'repeat':
      return {
        ...base,
        kind: 'repeat',
        back: step.back,
        repeatsId: step.repeatsId,
        body: step.body === null ? null : { method: step.body.method, params: step.body.params },
        frame: traceFrame(step.frame),
        binary: step.binary,
      };
  }
}

/** Text as text; bytes (a binary frame, bytes that are not UTF-8) as base64, so a frame is sent back byte for byte. */
export function traceFrame(frame: string | Uint8Array): TraceFrame {
  return typeof frame === 'string' ? { text: frame } : { base64: Buffer.from(frame).toString('base64') };
}

/** The frame a trace holds, the way it was sent. */
export function frameOf(frame: TraceFrame): string | Uint8Array {
  return 'base64' in frame ? Uint8Array.from(Buffer.from(frame.base64, 'base64')) : frame.text;
}

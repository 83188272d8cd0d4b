/**
 * Replays one trace file against a device, judged by the same judge and harness as
 * certification, without the generators: the device is brought to the recorded initial state
 * (read, write what differs, read: run-setup.ts), then every recorded step is sent again in
 * order, each after the one before it was answered or its deadline passed. Request ids are
 * fresh (a device's 60 s duplicate window would otherwise answer from memory: EDP-RPC-5); a
 * repeat repeats the replayed request's new id. The run judges the trace's rule as the run that
 * recorded it did, and any other violation seen on the way fails the replay too.
 */
import type { PropertyValue } from '../../src/model/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { ruleOrder } from '../catalogue/rule-ids.js';
import { performMalformed } from '../commands/perform-malformed.js';
import { answeredBack, performRepeat, wellFormedBody } from '../commands/perform-repeat.js';
import { performRequest } from '../commands/perform-request.js';
import type { HarnessContext } from '../harness/harness-context.js';
import { RuleViolationFailure, type RunRecord } from '../harness/run-outcome.js';
import { RunSession } from '../harness/run-session.js';
import { setUpRun } from '../harness/run-setup.js';
import { propertyKey } from '../judge/model-index.js';
import type { RequestBody } from '../judge/predict-request.js';
import { frameOf } from './build-trace.js';
import type { TraceFile, TraceStep } from './trace-file.js';

export type TraceReplayOutcome =
  | {
      readonly rule: RuleId;
      readonly verdict: 'passed';
      readonly durationMs: number;
      readonly record: RunRecord;
    }
  | {
      readonly rule: RuleId;
      readonly verdict: 'failed';
      readonly durationMs: number;
      /** Every rule the replayed exchange broke, protocol order. */
      readonly broken: readonly RuleId[];
      /** Whether the trace's own rule is among them. */
      readonly sameRule: boolean;
      readonly record: RunRecord;
    };

export async function replayTrace(ctx: HarnessContext, trace: TraceFile): Promise<TraceReplayOutcome> {
  const rule = trace.rule as RuleId;
  const started = ctx.link.now();
  const session = new RunSession(ctx, { rules: new Set([rule]), mode: 'explore' });
  session.start();
  let record: RunRecord;
  try {
    await setUpRun(session, initialState(trace), { singleItems: trace.setup.singleItems });
    let command = -1;
    for (const step of trace.steps) {
      if (step.command !== command) {
        command = step.command;
        session.beginCommand(trace.commands[command] ?? `command ${command + 1}`);
      }
      await replayStep(session, step);
    }
    await session.finish();
    record = session.runRecord();
  } catch (error) {
    if (error instanceof RuleViolationFailure) record = error.record;
    else {
      // The run ended at another rule's violation that left the harness unsure of the state.
      record = session.runRecord();
      if (record.violations.length === 0) throw error;
    }
  } finally {
    session.close();
  }
  const durationMs = ctx.link.now() - started;
  const broken = [...new Set(record.violations.map((v) => v.rule))].sort(
    (a, b) => ruleOrder(a) - ruleOrder(b),
  );
  if (broken.length === 0) return { rule, verdict: 'passed', durationMs, record };
  return { rule, verdict: 'failed', durationMs, broken, sameRule: broken.includes(rule), record };
}

function initialState(trace: TraceFile): ReadonlyMap<string, PropertyValue> {
  return new Map(
    trace.setup.initialState.map((i) => [propertyKey(i.siid, i.piid), i.value as PropertyValue]),
  );
}

async function replayStep(session: RunSession, step: TraceStep): Promise<void> {
  switch (step.kind) {
    case 'request': {
      const body = { method: step.request.method, params: step.request.params } as RequestBody;
      const text = `${body.method} ${JSON.stringify(body.params)}`;
      await performRequest(
        session,
        body,
        text,
        step.missingResponseRule === undefined
          ? {}
          : { missingResponseRule: step.missingResponseRule as RuleId },
      );
      return;
    }
    case 'malformed': {
      const recorded = frameOf(step.frame);
      await performMalformed(
        session,
        {
          text: step.why,
          carriesId: step.carriesId,
          code: step.code,
          render: (id) => {
            const frame = step.frameId === undefined ? recorded : withId(recorded, step.frameId, id);
            return {
              frame,
              ...(step.binary ? { binary: true } : {}),
              ...(step.frameId === undefined ? {} : { frameId: id }),
            };
          },
        },
        step.probe,
      );
      return;
    }
    case 'repeat': {
      const target = answeredBack(session, step.back);
      if (target === undefined) {
        session.note(`step ${step.n}: no answered request to repeat; skipped`);
        return;
      }
      const originalBody = wellFormedBody(target.frame);
      await performRepeat(
        session,
        step.body === null
          ? { target, back: step.back, body: null, ...(originalBody === undefined ? {} : { originalBody }) }
          : { target, back: step.back, body: step.body as RequestBody },
      );
      return;
    }
  }
}

/** The recorded frame with its id replaced by a fresh one; everything else byte for byte as parsed. */
function withId(frame: string | Uint8Array, recordedId: number, id: number): string | Uint8Array {
  if (typeof frame !== 'string') return frame;
  try {
    const parsed = JSON.parse(frame) as Record<string, unknown>;
    if (parsed.id !== recordedId) return frame;
    return JSON.stringify({ ...parsed, id });
  } catch {
    return frame;
  }
}

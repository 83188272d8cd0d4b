/**
 * The common path of a repeated request id (EDP-RPC-5), for its command and for trace replay:
 * send the frame under the old id, require the stored response again, and read back what the
 * repeat's body would have changed, so a device that executed it shows it. Notifications while
 * the repeat is in flight are its effects, and count against EDP-RPC-5.
 */
import { sameValue } from '../../src/model/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { AnsweredRequest, RunSession } from '../harness/run-session.js';
import { knowledgeOf } from '../judge/knowledge.js';
import type { IndexedProperty } from '../judge/model-index.js';
import { predictRequest, type RequestBody } from '../judge/predict-request.js';
import { jsonEqual } from '../judge/value-equality.js';
import { violation } from '../judge/violation.js';
import { performRequest } from './perform-request.js';

export interface RepeatSend {
  /** The earlier answered request whose id is repeated. */
  readonly target: AnsweredRequest;
  /** Its position among the run's answered requests, 1 being the latest. */
  readonly back: number;
  /** The body the repeat carries; `null` when it is the original frame again (`undefined`: not a request the judge can predict). */
  readonly body: RequestBody | null | undefined;
  /** The body the original frame carries, when `body` is null and the frame is a well-formed request. */
  readonly originalBody?: RequestBody;
}

export async function performRepeat(session: RunSession, send: RepeatSend): Promise<void> {
  const { target } = send;
  const sameFrame = send.body === null || send.body === undefined;
  const body = sameFrame ? send.originalBody : (send.body ?? undefined);
  const frame = sameFrame
    ? target.frame
    : JSON.stringify({ id: target.id, method: body?.method, params: body?.params });
  const binary = sameFrame && target.binary;
  const executed = body === undefined ? undefined : predictRequest(session.index, session.model.state, body);
  const touched = executed === undefined ? [] : executed.changes.map((c) => c.property);
  const readBack = [...new Set(touched.filter((p) => p.readable && !p.volatile))].slice(0, 16);
  const executedRule = (property: IndexedProperty, observed: unknown): RuleId | undefined => {
    const after = executed === undefined ? undefined : knowledgeOf(executed.next, property);
    return after?.known === true && sameValue(after.value, observed) ? 'EDP-RPC-5' : undefined;
  };
  session.script({
    kind: 'repeat',
    back: send.back,
    repeatsId: target.id,
    body: sameFrame ? null : (body ?? null),
    frame,
    binary,
    expects: {
      response: `the stored response to #${target.id} again: ${JSON.stringify(target.response)}`,
      notifications: [],
      events: [],
    },
  });
  // Only what executing the repeat would bring is the repeat's (EDP-RPC-5); a stray item of an
  // earlier request arriving meanwhile is judged under its own rule.
  const forbidden = (executed?.changes ?? []).map((c) => ({
    kind: 'forbidden' as const,
    property: c.property,
    value: c.value,
  }));
  session.allowAnswerAgain(target.id);
  const trip = await session.roundTrip({
    frame,
    binary,
    responseId: target.id,
    description: `repeat of #${target.id}`,
    forbidden,
  });
  if (trip.response !== undefined) {
    const message = trip.response;
    const raw =
      'error' in message
        ? { id: message.id, error: message.error }
        : { id: message.id, result: message.result };
    if (!jsonEqual(raw, target.response)) {
      const want = `the stored response to #${target.id}: ${JSON.stringify(target.response)}`;
      session.record([violation('EDP-RPC-5', want, JSON.stringify(raw))], trip.responseRef);
    }
  }
  session.checkpoint();
  if (readBack.length > 0) {
    const params = readBack.map((p) => ({ siid: p.siid, piid: p.piid }));
    await performRequest(session, { method: 'get_properties', params }, 'read back after the repeat', {
      judge: { readMismatchRule: executedRule },
      unscripted: true,
    });
  }
}

/** The answered request `back` places before the latest (1 is the latest), wrapping like the command does. */
export function answeredBack(session: RunSession, back: number): AnsweredRequest | undefined {
  const answered = session.answeredRequests;
  return answered[Math.max(0, answered.length - 1 - ((back - 1) % Math.max(1, answered.length)))];
}

/** The body of a frame, when it is a well-formed property or action request the judge can predict. */
export function wellFormedBody(frame: string | Uint8Array): RequestBody | undefined {
  if (typeof frame !== 'string') return undefined;
  try {
    const parsed = JSON.parse(frame) as { method?: unknown; params?: unknown };
    if (
      (parsed.method === 'get_properties' || parsed.method === 'set_properties') &&
      Array.isArray(parsed.params)
    ) {
      if (parsed.params.length < 1 || parsed.params.length > 16) return undefined;
      if (!parsed.params.every((p) => typeof p === 'object' && p !== null && !Array.isArray(p)))
        return undefined;
      return { method: parsed.method, params: parsed.params as object[] };
    }
    if (
      parsed.method === 'action' &&
      typeof parsed.params === 'object' &&
      parsed.params !== null &&
      !Array.isArray(parsed.params)
    ) {
      return { method: 'action', params: parsed.params };
    }
  } catch {
    // Not a request the judge can predict: nothing to read back.
  }
  return undefined;
}

/**
 * The common path of a malformed frame (EDP-RPC-4), for its command and for trace replay:
 * send it with a fresh id where it carries one, judge the envelope error, then probe with a
 * valid request that must still be answered within the deadline.
 */
import type { RunSession } from '../harness/run-session.js';
import { describePrediction } from '../judge/describe-prediction.js';
import { judgeResponse } from '../judge/judge-response.js';
import { envelopeErrorPrediction } from '../judge/prediction.js';
import { performRequest } from './perform-request.js';

export interface MalformedSend {
  /** How the frame reads in a counterexample. */
  readonly text: string;
  /** The frame to send for a fresh id (`id` is written into it only where the frame has one). */
  readonly render: (id: number) => {
    readonly frame: string | Uint8Array;
    readonly binary?: boolean;
    /** The id written into the frame, when it has one. */
    readonly frameId?: number;
  };
  readonly carriesId: boolean;
  readonly code: number;
}

export async function performMalformed(
  session: RunSession,
  send: MalformedSend,
  probe: { readonly siid: number; readonly piid: number },
): Promise<void> {
  const id = session.nextId();
  const rendered = send.render(id);
  const responseId = send.carriesId ? id : null;
  const prediction = envelopeErrorPrediction(session.model.state, send.code, responseId, send.text);
  session.script({
    kind: 'malformed',
    frame: rendered.frame,
    binary: rendered.binary === true,
    ...(rendered.frameId === undefined ? {} : { frameId: rendered.frameId }),
    carriesId: send.carriesId,
    code: send.code,
    why: send.text,
    probe: { siid: probe.siid, piid: probe.piid },
    expects: describePrediction(prediction),
  });
  const trip = await session.roundTrip({
    frame: rendered.frame,
    binary: rendered.binary === true,
    responseId,
    frameId: id,
    idJudgedElsewhere: true,
    missingResponseRule: 'EDP-RPC-4',
    description: `malformed frame (${send.text})`,
    prediction,
  });
  if (trip.response !== undefined) {
    session.record(judgeResponse(prediction.response, trip.response), trip.responseRef);
  }
  session.checkpoint();
  const valid = { method: 'get_properties' as const, params: [{ siid: probe.siid, piid: probe.piid }] };
  await performRequest(session, valid, 'a valid request after it', {
    missingResponseRule: 'EDP-RPC-4',
    unscripted: true,
  });
}

/** The id a rendered frame carries, when it is a JSON object whose `id` is `id` (for the script). */
export function frameIdOf(frame: string | Uint8Array, id: number): number | undefined {
  if (typeof frame !== 'string') return undefined;
  try {
    const parsed = JSON.parse(frame) as unknown;
    return typeof parsed === 'object' && parsed !== null && (parsed as { id?: unknown }).id === id
      ? id
      : undefined;
  } catch {
    return undefined;
  }
}

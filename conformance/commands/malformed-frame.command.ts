/**
 * EDP-RPC-4: a malformed frame gets the envelope error of section 3 (code, and id or null),
 * and the device stays responsive: the next valid request is answered within the deadline.
 * A frame without a readable id that gets no answer at all breaks EDP-RPC-4 too.
 */
import type fc from 'fast-check';
import type { MalformedFrame } from '../generators/malformed-frame.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { judgeResponse } from '../oracle/judge-response.js';
import { envelopeErrorPrediction } from '../oracle/prediction.js';
import { performRequest } from './perform-request.js';

export class MalformedFrameCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  constructor(
    readonly frame: MalformedFrame,
    /** A readable property to probe with afterwards. */
    readonly probe: { readonly siid: number; readonly piid: number },
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: SuiteModel, session: RunSession): Promise<void> {
    session.beginCommand(this.toString());
    const id = session.nextId();
    const rendered = this.frame.render(id);
    const responseId = this.frame.carriesId ? id : null;
    const prediction = envelopeErrorPrediction(model.state, this.frame.code, responseId, this.frame.text);
    const trip = await session.roundTrip({
      frame: rendered.frame,
      binary: rendered.binary === true,
      responseId,
      frameId: id,
      idJudgedElsewhere: true,
      missingResponseRule: 'EDP-RPC-4',
      description: `malformed frame (${this.frame.text})`,
      prediction,
    });
    if (trip.response !== undefined) {
      session.record(judgeResponse(prediction.response, trip.response), trip.responseRef);
    }
    session.checkpoint();
    const probe = { method: 'get_properties' as const, params: [this.probe] };
    await performRequest(session, probe, 'a valid request after it', { missingResponseRule: 'EDP-RPC-4' });
  }

  toString(): string {
    return `malformed frame: ${this.frame.text}, then a valid request`;
  }
}

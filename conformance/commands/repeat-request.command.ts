/**
 * EDP-RPC-5: repeats the id of an earlier request of this run, with the same body or another
 * one. The device must answer the stored response again, errors included, whatever the body,
 * with no effects and no notifications: the properties the repeat's body would change are read
 * back to prove nothing happened, and any notification meanwhile counts against EDP-RPC-5.
 */
import type fc from 'fast-check';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { predictRequest, type RequestBody } from '../oracle/predict-request.js';
import { jsonEqual } from '../oracle/value-equality.js';
import { violation } from '../oracle/violation.js';
import { performRequest } from './perform-request.js';

/** `same`: the original frame again (a QoS 1 redelivery); else another body under the old id. */
export type RepeatBody =
  | { readonly kind: 'same' }
  | { readonly kind: 'other'; readonly body: RequestBody; readonly text: string };

const AS_RPC_5 = new Map([
  ['EDP-NOTIFY-1', 'EDP-RPC-5'],
  ['EDP-NOTIFY-2', 'EDP-RPC-5'],
  ['EDP-PROP-3', 'EDP-RPC-5'],
  ['EDP-ACT-1', 'EDP-RPC-5'],
] as const);

export class RepeatRequestCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  private lastTarget: string | undefined;

  constructor(
    /** Which earlier request: 1 is the latest that was answered. */
    readonly back: number,
    readonly body: RepeatBody,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: SuiteModel, session: RunSession): Promise<void> {
    const answered = session.answeredRequests;
    // The run's setup has always read the device, so there is an answered request to repeat.
    const target =
      answered[Math.max(0, answered.length - 1 - ((this.back - 1) % Math.max(1, answered.length)))];
    if (target === undefined) return;
    this.lastTarget = `#${target.id} (${target.description})`;
    session.beginCommand(this.toString());
    const frame =
      this.body.kind === 'same'
        ? target.frame
        : JSON.stringify({ id: target.id, method: this.body.body.method, params: this.body.body.params });
    const touched =
      this.body.kind === 'same'
        ? []
        : predictRequest(session.index, model.state, this.body.body).changes.map((c) => c.property);
    const readBack = [...new Set(touched.filter((p) => p.readable && !p.volatile))].slice(0, 16);
    await session.withRemap(AS_RPC_5, async () => {
      session.allowAnswerAgain(target.id);
      const trip = await session.roundTrip({
        frame,
        binary: this.body.kind === 'same' && target.binary,
        responseId: target.id,
        description: `repeat of #${target.id}`,
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
          readMismatchRule: 'EDP-RPC-5',
        });
      }
    });
  }

  toString(): string {
    const which = this.lastTarget ?? `the request ${this.back} back`;
    const body = this.body.kind === 'same' ? 'the same body' : `another body: ${this.body.text}`;
    return `repeat the id of ${which} with ${body}`;
  }
}

/**
 * EDP-RPC-5: repeats the id of an earlier request of this run, with the same body or another
 * one. The device must answer the stored response again, errors included, whatever the body,
 * with no effects and no notifications: the properties the repeat's body would change are read
 * back to prove nothing happened, and any notification meanwhile counts against EDP-RPC-5.
 */
import type fc from 'fast-check';
import type { PropertyValue } from '../../src/model/types.js';
import { sameValue } from '../../src/model/values.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { knowledgeOf } from '../oracle/knowledge.js';
import type { IndexedProperty } from '../oracle/model-index.js';
import { predictRequest, type RequestBody } from '../oracle/predict-request.js';
import { jsonEqual } from '../oracle/value-equality.js';
import { violation } from '../oracle/violation.js';
import { performRequest } from './perform-request.js';

/**
 * `same`: the original frame again (a QoS 1 redelivery); `other`: another body under the old id;
 * `change`: a write that would change the property, its value picked at run time (of two
 * candidates, one differing from the current value), so a device that executes it shows it.
 */
export type RepeatBody =
  | { readonly kind: 'same' }
  | { readonly kind: 'other'; readonly body: RequestBody; readonly text: string }
  | {
      readonly kind: 'change';
      readonly property: IndexedProperty;
      readonly candidates: readonly [PropertyValue, PropertyValue];
    };

export class RepeatRequestCommand implements fc.AsyncCommand<SuiteModel, RunSession> {
  private lastTarget: string | undefined;
  private lastBody: string | undefined;

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
    const body = this.resolveBody(model, target.frame);
    this.lastBody = body === undefined ? undefined : describeBody(body);
    const frame =
      this.body.kind === 'same' || body === undefined
        ? target.frame
        : JSON.stringify({ id: target.id, method: body.method, params: body.params });
    // What the state would be if the device executed the repeat: a read-back showing it breaks EDP-RPC-5.
    const executed = body === undefined ? undefined : predictRequest(session.index, model.state, body);
    const touched = executed === undefined ? [] : executed.changes.map((c) => c.property);
    const readBack = [...new Set(touched.filter((p) => p.readable && !p.volatile))].slice(0, 16);
    const executedRule = (property: IndexedProperty, observed: unknown): RuleId | undefined => {
      const after = executed === undefined ? undefined : knowledgeOf(executed.next, property);
      return after?.known === true && sameValue(after.value, observed) ? 'EDP-RPC-5' : undefined;
    };
    // Only what executing the repeat would bring is the repeat's (EDP-RPC-5); a stray item of an
    // earlier request arriving meanwhile is judged under its own rule.
    const forbidden = (executed?.changes ?? []).map((c) => ({
      kind: 'forbidden' as const,
      property: c.property,
      value: c.value,
    }));
    {
      session.allowAnswerAgain(target.id);
      const trip = await session.roundTrip({
        frame,
        binary: this.body.kind === 'same' && target.binary,
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
        });
      }
    }
  }

  /** The body the repeat carries (for `same`, the original's, when it is a well-formed request). */
  private resolveBody(model: SuiteModel, originalFrame: string | Uint8Array): RequestBody | undefined {
    switch (this.body.kind) {
      case 'other':
        return this.body.body;
      case 'change': {
        const { property, candidates } = this.body;
        const current = knowledgeOf(model.state, property);
        const value =
          current.known && sameValue(current.value, candidates[0]) ? candidates[1] : candidates[0];
        return { method: 'set_properties', params: [{ siid: property.siid, piid: property.piid, value }] };
      }
      case 'same':
        return typeof originalFrame === 'string' ? wellFormedBody(originalFrame) : undefined;
    }
  }

  toString(): string {
    const which = this.lastTarget ?? `the request ${this.back} back`;
    const body =
      this.body.kind === 'same'
        ? 'the same body'
        : this.body.kind === 'other'
          ? `another body: ${this.body.text}`
          : `another body: ${this.lastBody ?? `a write that changes ${this.body.property.label}`}`;
    return `repeat the id of ${which} with ${body}`;
  }
}

function describeBody(body: RequestBody): string {
  return `${body.method} ${JSON.stringify(body.params)}`;
}

function wellFormedBody(frame: string): RequestBody | undefined {
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
    // Not a request the oracle can predict: nothing to read back.
  }
  return undefined;
}

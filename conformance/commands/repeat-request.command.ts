/**
 * EDP-RPC-5: repeats the id of an earlier request of this run, with the same body or another
 * one. The device must answer the stored response again, errors included, whatever the body,
 * with no effects and no notifications: the properties the repeat's body would change are read
 * back to prove nothing happened, and any notification meanwhile counts against EDP-RPC-5.
 */
import type fc from 'fast-check';
import type { PropertyValue } from '../../src/model/index.js';
import { sameValue } from '../../src/model/index.js';
import type { RunSession, SuiteModel } from '../harness/run-session.js';
import { knowledgeOf } from '../judge/knowledge.js';
import type { IndexedProperty } from '../judge/model-index.js';
import type { RequestBody } from '../judge/predict-request.js';
import { answeredBack, performRepeat, wellFormedBody } from './perform-repeat.js';

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
    const back = this.back;
    // The run's setup has always read the device, so there is an answered request to repeat.
    const target = answeredBack(session, back);
    if (target === undefined) return;
    this.lastTarget = `#${target.id} (${target.description})`;
    session.beginCommand(this.toString());
    const body = this.resolveBody(model, target.frame);
    this.lastBody = body === undefined ? undefined : describeBody(body);
    await performRepeat(
      session,
      this.body.kind === 'same' || body === undefined
        ? { target, back, body: null, ...(body === undefined ? {} : { originalBody: body }) }
        : { target, back, body },
    );
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

/**
 * Matching responses to the one request in flight (the harness sends one at a time), by id
 * (EDP-RPC-1). A response that answers nothing in flight is sorted out here: a second response
 * for an answered id breaks EDP-RPC-1; a late one for a request that already missed its
 * deadline, or one for another controller on a shared broker, is only noted.
 */
import type { ObservedResponse } from '../judge/judge-response.js';
import { type Violation, violation } from '../judge/violation.js';

export interface Answer {
  readonly message: ObservedResponse;
  /** Trace entry of the response. */
  readonly ref: number;
  readonly atMs: number;
  /** `atMs` on the judge's clock (judge-lateness.ts), for deadlines. */
  readonly judgedAtMs?: number;
}

export type Unmatched =
  | { readonly kind: 'violation'; readonly violation: Violation }
  | { readonly kind: 'note'; readonly text: string };

interface InFlight {
  readonly ids: ReadonlySet<number | null>;
  readonly resolve: (answer: Answer | undefined) => void;
}

export class ResponseMatcher {
  private inFlight: InFlight | undefined;
  private readonly answered = new Set<number>();
  private readonly timedOut = new Set<number>();

  /**
   * @param sentIds every id this certification has sent (earlier runs too)
   * @param exclusive whether every response on the link is for this harness
   */
  constructor(
    private readonly sentIds: ReadonlySet<number>,
    private readonly exclusive: boolean,
  ) {}

  /** The next matching response, or `undefined` when `abandon` is called first. */
  expect(ids: ReadonlySet<number | null>): Promise<Answer | undefined> {
    return new Promise((resolve) => {
      this.inFlight = { ids, resolve };
    });
  }

  /** Stops waiting for the request in flight; `timedOut` records that it missed its deadline. */
  abandon(timedOutId?: number | null): void {
    if (typeof timedOutId === 'number') this.timedOut.add(timedOutId);
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    inFlight?.resolve(undefined);
  }

  get waiting(): boolean {
    return this.inFlight !== undefined;
  }

  /** A response arrived: matched to the request in flight, or sorted out. */
  offer(answer: Answer): Unmatched | undefined {
    const id = answer.message.id;
    const inFlight = this.inFlight;
    if (inFlight?.ids.has(id)) {
      this.inFlight = undefined;
      if (typeof id === 'number') this.answered.add(id);
      inFlight.resolve(answer);
      return undefined;
    }
    if (id === null)
      return { kind: 'note', text: 'an envelope error with id null that answers no request in flight' };
    if (this.answered.has(id)) {
      return {
        kind: 'violation',
        violation: violation(
          'EDP-RPC-1',
          `exactly one response with id ${id}`,
          'a second response',
          answer.ref,
        ),
      };
    }
    if (this.timedOut.has(id)) return { kind: 'note', text: `a response with id ${id} after its deadline` };
    if (this.sentIds.has(id))
      return { kind: 'note', text: `a late response to request ${id} of an earlier run` };
    if (this.exclusive) {
      return {
        kind: 'violation',
        violation: violation(
          'EDP-RPC-1',
          'responses carrying the ids of requests sent',
          `a response with id ${id}, which was never sent`,
          answer.ref,
        ),
      };
    }
    return { kind: 'note', text: `a response with id ${id}, not sent by fleetcert (another controller's)` };
  }

  /** A repeated request (EDP-RPC-5) may be answered again under its id. */
  allowAgain(id: number): void {
    this.answered.delete(id);
  }
}

/**
 * Requests counted by method and outcome, for the live metrics (the result keeps totals only,
 * in the recorder). A fixed table per method: counting is an array increment, no allocation
 * after a method's first request.
 */
export const REQUEST_OUTCOMES = [
  'sent',
  'answered',
  'lost',
  'late',
  'duplicated',
  'wrong',
  'misdelivered',
  'unavailable',
] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** Answers no request of the run explains (an unknown id, not JSON) are filed under this method. */
export const UNKNOWN_METHOD = 'unknown';

const INDEX: Readonly<Record<RequestOutcome, number>> = Object.fromEntries(
  REQUEST_OUTCOMES.map((outcome, i) => [outcome, i]),
) as Record<RequestOutcome, number>;

export class RequestTally {
  readonly #byMethod = new Map<string, Float64Array>();

  constructor(methods: readonly string[] = []) {
    for (const method of methods) this.#row(method);
  }

  add(method: string, outcome: RequestOutcome): void {
    const row = this.#byMethod.get(method) ?? this.#row(method);
    const i = INDEX[outcome];
    row[i] = (row[i] as number) + 1;
  }

  count(method: string, outcome: RequestOutcome): number {
    return this.#byMethod.get(method)?.[INDEX[outcome]] ?? 0;
  }

  /** Every method seen (or named up front), in first-seen order. */
  methods(): IterableIterator<string> {
    return this.#byMethod.keys();
  }

  #row(method: string): Float64Array {
    const row = new Float64Array(REQUEST_OUTCOMES.length);
    this.#byMethod.set(method, row);
    return row;
  }
}

/** What caused an expectation: shown in violations, and the trace entry of its request. */
export interface Cause {
  readonly requestKey: number;
  readonly description: string;
  readonly traceRef?: number;
}

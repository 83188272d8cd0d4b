/**
 * A scripted binding check in progress: its steps, the messages it saw, and what went wrong,
 * turned into a `RuleVerdict<JudgedStage>` at the end. A scenario judges one or more rules; each gets its
 * own verdict from the violations recorded against it.
 */
import type { RuleVerdict } from '../../../src/result/index.js';
import type { RuleId } from '../../catalogue/rule-ids.js';
import { TraceRecorder } from '../../harness/trace-recorder.js';
import { type Violation, violation } from '../../judge/violation.js';
import type { JudgedStage } from '../judged-stage.js';

export class BindingCheckRun {
  private readonly trace: TraceRecorder;
  private readonly steps: string[] = [];
  private readonly violations: Violation[] = [];
  private readonly started: number;
  private requests = 0;

  /** Requests this scenario sent, for the result's request count. */
  get requestCount(): number {
    return this.requests;
  }

  constructor(readonly now: () => number) {
    this.started = now();
    this.trace = new TraceRecorder(this.started);
  }

  step(text: string): void {
    this.steps.push(text);
    this.trace.note(text, this.now());
  }

  note(text: string): void {
    this.trace.note(text, this.now());
  }

  sent(channel: string, payload: string | Uint8Array, atMs = this.now()): number {
    this.requests++;
    return this.trace.frame('sent', channel, payload, atMs);
  }

  received(channel: string, payload: string | Uint8Array, atMs = this.now(), binary = false): number {
    return this.trace.frame('received', channel, payload, atMs, binary);
  }

  fail(rule: RuleId, expected: string, observed: string, ref?: number): void {
    this.violations.push(violation(rule, expected, observed, ref));
  }

  failed(rule: RuleId): boolean {
    return this.violations.some((v) => v.rule === rule);
  }

  /** The verdict for `rule`: failed if anything was recorded against it, else `ok`. */
  outcome(
    rule: RuleId,
    ok: { verdict: 'passed' } | { verdict: 'not-run'; reason: string },
    notes?: readonly string[],
  ): RuleVerdict<JudgedStage> {
    const durationMs = this.now() - this.started;
    const base = {
      rule,
      runs: 1,
      durationMs,
      ...(notes === undefined || notes.length === 0 ? {} : { notes }),
    };
    const mine = this.violations.filter((v) => v.rule === rule);
    if (mine.length === 0)
      return ok.verdict === 'passed'
        ? { ...base, verdict: 'passed' }
        : { ...base, verdict: 'not-run', reason: ok.reason };
    for (const v of mine) {
      if (v.messageRef !== undefined)
        this.trace.annotate(v.messageRef, `${v.rule}: ${v.expected}`, v.observed);
      else this.trace.note(`${v.rule} broken: expected ${v.expected}; observed ${v.observed}`, this.now());
    }
    return {
      ...base,
      verdict: 'failed',
      record: {
        commands: [...this.steps],
        commandRequests: this.requests,
        trace: this.trace.snapshot(),
        violations: mine,
      },
    };
  }
}

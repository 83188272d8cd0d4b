/**
 * One run of the model-based suite against the live device: sends requests one at a time,
 * matches responses by id (response-matcher.ts, judged in response-verdicts.ts), hands
 * notifications to this run's ledger or an earlier run's (ledger-hand-off.ts), records the trace,
 * and turns violations into the end of the run (see run-outcome.ts). Commands drive it; the
 * judge judges.
 */

import { decodeDeviceMessage } from '../../src/protocol/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { emptyState, type JudgeState } from '../judge/knowledge.js';
import { NotificationLedger } from '../judge/notification-ledger.js';
import { intact, type Violation, violation } from '../judge/violation.js';
import { DeviceActivity } from './device-activity.js';
import type { ReceivedFrame } from './device-link.js';
import type { HarnessContext } from './harness-context.js';
import { type JudgeClock, judgeClock, judgedTimeout, judgeLateness } from './judge-lateness.js';
import { handOffNotification, leaveLingering, lingeringLedgers } from './ledger-hand-off.js';
import { ResponseMatcher } from './response-matcher.js';
import { answeredRequest, invalidMessage, missingResponse, wrongResponseId } from './response-verdicts.js';
import { endRunIfViolated, RunCut, type RunRecord, type RunTarget } from './run-outcome.js';
import type { RunScript, ScriptStep } from './run-script.js';
import type { AnsweredRequest, Outgoing, RoundTrip, SuiteModel } from './run-types.js';
import { TraceRecorder } from './trace-recorder.js';
import { noteVolatileReads } from './volatile-reads.js';

/** A step as a caller hands it over: the session adds which command sent it and when. */
export type ScriptStepInput = ScriptStep extends infer S
  ? S extends ScriptStep
    ? Omit<S, 'command' | 'atMs'>
    : never
  : never;

export type { AnsweredRequest, Outgoing, RoundTrip, SuiteModel } from './run-types.js';

export class RunSession {
  readonly model: SuiteModel = { state: emptyState() };
  readonly answeredRequests: AnsweredRequest[] = [];
  private readonly trace: TraceRecorder;
  private readonly ledger: NotificationLedger;
  private readonly matcher: ResponseMatcher;
  private readonly violations: Violation[] = [];
  private readonly commands: string[] = [];
  private readonly steps: ScriptStep[] = [];
  private setup: Omit<RunScript, 'steps'> = { initialState: [], singleItems: false };
  private commandRequests = 0;
  private inCommand = false;
  private requestKey = 0;
  private abandoned = false;
  private cutShort = false;
  /**
   * Opens at the run's first request that may change something: notifications before it answer
   * an earlier run (which claims them) and are never this run's to judge.
   */
  private epochOpen = false;
  private lastResponseAtMs = Number.NEGATIVE_INFINITY;
  private readonly activity = new DeviceActivity();
  private unsubscribe: (() => void) | undefined;
  /**
   * Deadlines are judged on this clock, which stands still while the judge itself runs late
   * (judge-lateness.ts); the trace keeps wall-clock times.
   */
  private readonly clock: JudgeClock;

  constructor(
    readonly ctx: HarnessContext,
    readonly target: RunTarget,
  ) {
    this.trace = new TraceRecorder(ctx.link.now());
    this.clock = judgeClock(() => ctx.link.now());
    const deadline = {
      notificationDeadlineMs: ctx.timing.notificationDeadlineMs,
      overdue: ctx.overdue,
      // Whose late item an item in this trace is, said where it arrived (issue 18 C).
      onLate: (text: string) => this.note(text),
    };
    this.ledger = new NotificationLedger(ctx.index, deadline, this.model.state);
    this.matcher = new ResponseMatcher(ctx.sentIds, ctx.link.exclusive);
  }

  get index() {
    return this.ctx.index;
  }

  start(): void {
    if (this.unsubscribe !== undefined) return;
    judgeLateness.acquire();
    this.unsubscribe = this.ctx.link.onFrame((frame) => this.onFrame(frame));
  }

  close(): void {
    if (this.unsubscribe !== undefined) judgeLateness.release();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.matcher.abandon();
    this.ledger.retire();
    leaveLingering(this.ctx.lingering, this.ledger, this.clock);
  }

  /**
   * Stops a run its property runner has given up on (its time limit): no further request goes
   * out, waits end now, and the run ends with RunCut, judging nothing.
   */
  cut(): void {
    this.cutShort = true;
    this.abandoned = true;
    this.matcher.abandon();
    this.activity.signal();
  }

  get wasCut(): boolean {
    return this.cutShort;
  }

  nextId(): number {
    return this.ctx.ids.next();
  }

  /** Marks the start of a command (its requests count towards the counterexample's length). */
  beginCommand(text: string): void {
    this.commands.push(text);
    this.inCommand = true;
    this.note(`command: ${text}`);
  }

  /** Records the state the run's setup is about to write (the script starts from it). */
  recordSetup(setup: Omit<RunScript, 'steps'>): void {
    this.setup = setup;
  }

  /**
   * Records a step of a command for the run's script (trace files); setup requests are not
   * steps, since replay sets the device up from the recorded initial state.
   */
  script(step: ScriptStepInput): void {
    if (!this.inCommand) return;
    const atMs = this.trace.relative(this.ctx.link.now());
    this.steps.push({ ...step, command: this.commands.length - 1, atMs } as ScriptStep);
  }

  note(text: string): void {
    this.trace.note(text, this.ctx.link.now());
  }

  /** Updates what the harness knows; notifications for properties it knows are judged strictly. */
  setState(state: JudgeState): void {
    this.model.state = state;
    this.ledger.setState(state);
  }

  /** A repeated request id may be answered again (EDP-RPC-5). */
  allowAnswerAgain(id: number): void {
    this.matcher.allowAgain(id);
  }

  record(violations: readonly Violation[], ref?: number): void {
    for (const v of violations) {
      const rule = v.rule;
      this.violations.push(ref !== undefined && v.messageRef === undefined ? { ...v, messageRef: ref } : v);
      if (this.target.mode === 'shrink' && this.target.rules.has(rule) && this.matcher.waiting) {
        // Shrinking, and the rule being shrunk is already broken: no need to sit out the deadline.
        this.abandoned = true;
        this.matcher.abandon();
      }
    }
  }

  /** Ends the run (throws) when the device has broken a rule so far. */
  checkpoint(): void {
    this.record(this.ledger.expire(this.clock.now()));
    this.recordVolatileMisses();
    endRunIfViolated(this.target, () => this.runRecord(), this.violations);
  }

  /** Sends one frame and waits for its response, or for the response deadline. */
  async roundTrip(outgoing: Outgoing): Promise<RoundTrip> {
    if (this.cutShort) throw new RunCut();
    const { link, timing, stats, sentIds } = this.ctx;
    const key = ++this.requestKey;
    const sentAtMs = link.now();
    const readSentAtMs = this.clock.now();
    const sentRef = this.trace.frame(
      'sent',
      link.requestChannel,
      outgoing.frame,
      sentAtMs,
      outgoing.binary === true,
    );
    const prediction = outgoing.prediction;
    const cause = { requestKey: key, description: outgoing.description, traceRef: sentRef };
    if (prediction !== undefined)
      this.ledger.expect(
        prediction.changes,
        prediction.events,
        cause,
        prediction.quiet ?? [],
        prediction.refusedEvents ?? [],
      );
    if (outgoing.forbidden !== undefined) this.ledger.expect([], [], cause, outgoing.forbidden);
    if (outgoing.readOnly !== true && prediction?.response.kind !== 'get') this.epochOpen = true;
    // A repeat is answered from the stored response (EDP-RPC-5): no fresh sample of a reading.
    const freshRead = outgoing.forbidden === undefined;
    for (const id of [outgoing.responseId, outgoing.frameId]) if (typeof id === 'number') sentIds.add(id);
    stats.requests++;
    if (this.inCommand) this.commandRequests++;
    const answer = this.matcher.expect(
      new Set([outgoing.responseId, outgoing.frameId ?? outgoing.responseId]),
    );
    const lateAtSend = judgeLateness.lateMs();
    const deadline = judgedTimeout(this.clock, timing.responseDeadlineMs, () =>
      this.matcher.abandon(outgoing.responseId),
    );
    try {
      await link.send(outgoing.frame, outgoing.binary === true ? { binary: true } : {});
      // Section 7: the deadline runs from the request being sent, which is now (not when it was queued).
      deadline.restart();
    } catch (error) {
      const why = `the request could not be delivered: ${(error as Error).message}`;
      this.record([violation('EDP-RPC-1', 'a response', why)], sentRef);
    }
    const result = await answer;
    deadline.cancel();
    if (result === undefined) {
      if (!this.abandoned) {
        stats.unansweredInARow++;
        const waitedMs = link.now() - sentAtMs;
        const missing = missingResponse(
          outgoing,
          timing.responseDeadlineMs,
          waitedMs,
          judgeLateness.lateMs() - lateAtSend,
        );
        this.record([missing], sentRef);
      }
      this.abandoned = false;
      return { sentRef };
    }
    const { message, ref, atMs, judgedAtMs } = result;
    stats.unansweredInARow = 0;
    stats.latenciesMs.push(atMs - sentAtMs);
    this.ledger.responded(key, judgedAtMs ?? atMs);
    this.lastResponseAtMs = judgedAtMs ?? atMs;
    const wrongId = wrongResponseId(outgoing, message);
    if (wrongId !== undefined) this.record([wrongId], ref);
    const answered = answeredRequest(outgoing, message);
    if (answered !== undefined) this.answeredRequests.push(answered);
    if (freshRead && message.id === outgoing.responseId) {
      const respondedAtMs = judgedAtMs ?? atMs;
      const read = { frame: outgoing.frame, response: message, sentAtMs: readSentAtMs, respondedAtMs };
      noteVolatileReads(this.ctx.volatileWatch, { ...read, ref, owner: this });
    }
    return { response: message, responseRef: ref, sentRef };
  }

  /**
   * Waits for every expected notification (or its deadline), then for quiet, then judges. Runs
   * that judge no rule about what arrives on its own (a missing item, a stray response) skip
   * the waits.
   */
  async finish(): Promise<void> {
    const { timing } = this.ctx;
    const clock = this.clock;
    const rules = this.target.rules;
    const awaited = {
      items: rules.has('EDP-NOTIFY-1'),
      events: rules.has('EDP-ACT-1'),
      suspects: rules.has('EDP-NOTIFY-2'),
    };
    const awaitsMissing = awaited.items || awaited.events || awaited.suspects;
    const judgesStrays = [...rules].some((r) => STRAY_RULES.has(r));
    // Whatever the run judges, its late items are its own: wait for them as long as this device takes.
    await this.settle();
    for (; awaitsMissing && !this.cutShort; ) {
      this.record(this.ledger.expire(clock.now()));
      const { count, nextDeadlineMs } = this.ledger.outstanding(awaited, clock.now());
      if (count === 0) break;
      const cap = clock.now() + timing.responseDeadlineMs + timing.notificationDeadlineMs;
      await this.activity.next(Math.max(1, Math.min(nextDeadlineMs, cap) - clock.now() + 1));
    }
    if (awaited.items) await this.awaitVolatileItems();
    if (rules.has('EDP-NOTIFY-1') || rules.has('EDP-RPC-5')) await this.awaitQuietWrites();
    if (judgesStrays && timing.quietMs > 0 && !this.cutShort) await this.activity.next(timing.quietMs, true);
    if (this.cutShort) throw new RunCut();
    this.checkpoint();
  }

  /**
   * For a run that ended early (a violation, a skip): waits, as long as this device has been seen
   * to take to notify, for what the run still expects, so its late items are claimed by this run
   * and never judged by the next one.
   */
  async settle(): Promise<void> {
    const { timing, stats } = this.ctx;
    const clock = this.clock;
    if (!Number.isFinite(this.lastResponseAtMs)) return;
    const allowance = this.strayAllowance(timing, stats);
    const end = Math.min(this.ledger.lastDeadline(), this.lastResponseAtMs + allowance);
    while (
      !this.cutShort &&
      clock.now() < end &&
      (this.ledger.outstanding().count > 0 || this.ledger.quietDeadline() > clock.now())
    )
      await this.activity.next(Math.max(1, end - clock.now()));
  }

  /**
   * Two reads of a volatile reading that differ owe an item until the window after the later
   * read's response (EDP-NOTIFY-1): a run judging that rule waits for it, so its miss is its own.
   * A device that notifies has usually done so before the later read is even answered.
   */
  private async awaitVolatileItems(): Promise<void> {
    const watch = this.ctx.volatileWatch;
    while (!this.cutShort) {
      this.recordVolatileMisses();
      const { count, nextDeadlineMs } = watch.outstanding();
      if (count === 0) break;
      await this.activity.next(Math.max(1, nextDeadlineMs - this.clock.now() + 1));
    }
  }

  /** Records pairs of differing volatile reads whose window passed without an item; trace refs only of this run's reads. */
  private recordVolatileMisses(): void {
    for (const miss of this.ctx.volatileWatch.expire(this.clock.now())) {
      const { messageRef: _ref, ...rest } = miss.violation;
      this.record([miss.owner === this ? miss.violation : rest]);
    }
  }

  /**
   * Writes that must bring no item (unchanged values, repeats) are watched for as long as this
   * device has been seen to take to notify (twice that, plus the quiet time), within the
   * notification deadline: a stray item of this run is then judged by this run, not the next.
   */
  private async awaitQuietWrites(): Promise<void> {
    const { timing, stats } = this.ctx;
    const clock = this.clock;
    const until = this.ledger.quietDeadline();
    if (!Number.isFinite(until) || !Number.isFinite(this.lastResponseAtMs)) return;
    const allowance = this.strayAllowance(timing, stats);
    const end = Math.min(until, this.lastResponseAtMs + allowance);
    while (clock.now() < end && !this.cutShort) {
      await this.activity.next(Math.max(1, end - clock.now()));
      this.record(this.ledger.expire(clock.now()));
    }
  }

  /**
   * How long after the last response to wait for a late or stray item: as long as this device has
   * been seen to take (twice that, plus the quiet time), within the notification deadline; a
   * replay waits the whole deadline, since it has seen nothing of this device yet.
   */
  private strayAllowance(timing: HarnessContext['timing'], stats: HarnessContext['stats']): number {
    if (this.target.patient === true) return timing.notificationDeadlineMs;
    return Math.min(
      timing.notificationDeadlineMs,
      2 * stats.slowestNotificationMs + Math.max(timing.quietMs, 1),
    );
  }

  runRecord(): RunRecord {
    const trace = this.trace;
    for (const v of this.violations) {
      if (v.messageRef !== undefined) trace.annotate(v.messageRef, `${v.rule}: ${v.expected}`, v.observed);
      else this.note(`${v.rule} broken: expected ${v.expected}; observed ${v.observed}`);
    }
    return {
      commands: [...this.commands],
      commandRequests: this.commandRequests,
      trace: trace.snapshot(),
      violations: [...this.violations],
      script: { ...this.setup, steps: [...this.steps] },
    };
  }

  private onFrame(frame: ReceivedFrame): void {
    const ref = this.trace.frame('received', frame.channel, frame.payload, frame.atMs, frame.binary === true);
    const message = decodeDeviceMessage(frame.payload, frame.binary === true ? { binary: true } : {});
    // When it arrived on the judge's clock: a frame read late because the judge ran late is not late.
    const judgedAtMs = this.clock.at(frame.atMs);
    switch (message.kind) {
      case 'invalid':
        // It counts as not sent: a response it was meant to be shows up as missing (EDP-RPC-1).
        this.record(intact([invalidMessage(message)]), ref);
        break;
      case 'notification': {
        const arrived = {
          notification: message.notification,
          ref,
          judgedAtMs,
          ledger: this.ledger,
          earlier: lingeringLedgers(this.ctx.lingering, judgedAtMs),
          epochOpen: this.epochOpen,
        };
        handOffNotification(arrived, this, this.ctx.stats);
        break;
      }
      default: {
        const unmatched = this.matcher.offer({ message, ref, atMs: frame.atMs, judgedAtMs });
        if (unmatched?.kind === 'violation') this.record(intact([unmatched.violation]));
        else if (unmatched?.kind === 'note') this.note(unmatched.text);
      }
    }
    this.activity.signal();
  }
}

/** Rules judged on messages the device sends unasked: a run that judges one waits for quiet before it ends. */
const STRAY_RULES: ReadonlySet<RuleId> = new Set<RuleId>([
  'EDP-RPC-1',
  'EDP-RPC-2',
  'EDP-RPC-5',
  'EDP-RPC-6',
  'EDP-NOTIFY-1',
  'EDP-NOTIFY-2',
  'EDP-NOTIFY-3',
]);

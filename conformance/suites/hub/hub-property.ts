/**
 * The fast-check property of the hub suite: put the fleet back to normal, run one generated app
 * session against the hub, wait until nothing judged is still due, and judge. A violation of a
 * rule the run targets fails it (fast-check then shrinks); violations of other rules only skip
 * it (those rules have their own counterexamples), and are told to `onSeen` in case a rule never
 * gets its own turn (seen-failures.ts).
 */
import fc from 'fast-check';
import { judgeLateness } from '../../harness/judge-lateness.js';
import { HubUnreachableError } from './app-link.js';
import type { HubRuleId } from './hub-rule-ids.js';
import type { HubRunRecord } from './hub-run-record.js';
import { type HubModel, HubSession, type HubSessionContext, sleep } from './hub-session.js';
import { buildHubTrace, type HubTraceEntry } from './hub-trace.js';
import type { HubViolation } from './judge/hub-violation.js';
import type { HubJudgement } from './judge/judge-hub-run.js';
import { leadFirst, leadingRules } from './judge/leading-rules.js';
import type { OnSeen } from './seen-failures.js';

export interface HubFailureRecord {
  readonly commands: readonly string[];
  /** App requests the run sent (the size a counterexample is measured by). */
  readonly appRequests: number;
  readonly trace: readonly HubTraceEntry[];
  readonly violations: readonly HubViolation[];
}

export class HubRuleFailure extends Error {
  constructor(
    readonly record: HubFailureRecord,
    readonly rules: readonly HubRuleId[],
  ) {
    super(
      record.violations.map((v) => `${v.rule}: expected ${v.expected}; observed ${v.observed}`).join('\n'),
    );
    this.name = 'HubRuleFailure';
  }
}

export interface HubPropertyState {
  lastFailure: HubFailureRecord | undefined;
  runs: number;
  skips: number;
  /**
   * Runs judged to the end without a violation. Not `runs - skips`: fast-check abandons a run
   * still going at its time limit, and such a run judged nothing (a hub that stops answering
   * would otherwise pass when its first session is cut).
   */
  passed: number;
  /** The session under way, settled either way; fast-check does not wait for one it abandons. */
  inFlight: Promise<void> | undefined;
  /** Set once the check is over: a session that ends after it changes nothing here. */
  closed: boolean;
}

export function newHubPropertyState(): HubPropertyState {
  return { lastFailure: undefined, runs: 0, skips: 0, passed: 0, inFlight: undefined, closed: false };
}

/** The longest a check waits for the session it abandoned (each of its steps has its own limit). */
const ABANDONED_SESSION_LIMIT_MS = 60_000;

/**
 * Call when `fc.check` of a hub property returns: waits until the session fast-check abandoned
 * at its time limit (`interruptAfterTimeLimit` races the run and leaves it going) has stopped
 * driving the fleet and the apps, so the next session's reset never overlaps it (issue 18: the
 * two drove one device at once, and a reset waited for a comeback the other had undone). What the
 * abandoned session finds is not counted, as fast-check did not count it.
 */
export async function settleAbandonedSession(state: HubPropertyState): Promise<void> {
  state.closed = true;
  if (state.inFlight === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    state.inFlight,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ABANDONED_SESSION_LIMIT_MS);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

export interface HubPropertyOptions {
  readonly rules: ReadonlySet<HubRuleId>;
  /** No run starts after this time (fleet clock). */
  readonly deadlineMs: number;
  readonly maxRuns?: number;
  readonly maxSkips?: number;
  /** Aborted (Ctrl-C, the whole run's deadline): no further run starts. */
  readonly signal?: AbortSignal;
  /** Called as each session starts (after the preconditions let it), with the runs started so far. */
  readonly onRun?: (runs: number) => void;
  /**
   * Told the rules a session broke first when they are not the ones it is judged for (it is then
   * skipped), or whatever it broke first when the hub stopped accepting app connections during it
   * (seen-failures.ts).
   */
  readonly onSeen?: OnSeen;
}

export function hubProperty(
  ctx: HubSessionContext,
  commands: fc.Arbitrary<Iterable<fc.AsyncCommand<HubModel, HubSession>>>,
  state: HubPropertyState,
  options: HubPropertyOptions,
): fc.IAsyncProperty<[Iterable<fc.AsyncCommand<HubModel, HubSession>>]> {
  return fc.asyncProperty(commands, (cmds) => {
    const run = oneSession(ctx, cmds, state, options);
    state.inFlight = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  });
}

async function oneSession(
  ctx: HubSessionContext,
  cmds: Iterable<fc.AsyncCommand<HubModel, HubSession>>,
  state: HubPropertyState,
  options: HubPropertyOptions,
): Promise<void> {
  fc.pre(state.runs < (options.maxRuns ?? Number.POSITIVE_INFINITY));
  fc.pre(state.skips < (options.maxSkips ?? Number.POSITIVE_INFINITY));
  fc.pre(ctx.fleet.now() < options.deadlineMs);
  fc.pre(options.signal?.aborted !== true);
  state.runs++;
  options.onRun?.(state.runs);
  const session = await resetThenOpen(ctx);
  let failure: HubFailureRecord | undefined;
  let hit: HubRuleId[] = [];
  let others = false;
  let judged = false;
  let seen: { rules: HubRuleId[]; record: HubFailureRecord } | undefined;
  try {
    try {
      await fc.asyncModelRun(() => ({ model: session.model, real: session }), cmds);
    } catch (error) {
      // The hub stopped accepting app connections mid-session: what it sent on the connections
      // already open is evidence all the same (a flooded run ended "stopped serving apps", exit 2,
      // with the flood's EDP-HUB-5 violations never judged). Judged as it stands.
      if (error instanceof HubUnreachableError && !state.closed) {
        const { record, judgement } = session.judgeSoFar();
        const lead = leadingRules(judgement.violations);
        if (lead.length > 0) options.onSeen?.(lead, failureRecord(session, record, judgement, lead), true);
      }
      throw error;
    }
    const { record, judgement } = await session.finish(options.deadlineMs + session.answerLimitMs());
    const lead = leadingRules(judgement.violations);
    hit = lead.filter((r) => options.rules.has(r));
    others = judgement.violations.length > 0;
    // Cut before everything due had come (the limit of `finish`), it reached no verdict; nor
    // did it with a device's records incomplete (judge/evidence-gaps.ts).
    judged =
      (record.requests.length > 0 || record.upgrades.length > 0) &&
      judgement.pendingUntilMs === undefined &&
      judgement.incomplete === undefined;
    if (hit.length > 0) failure = failureRecord(session, record, judgement, hit);
    // Rules this session does not judge, broken first: theirs to fail in their own turn, kept in case it never comes.
    const elsewhere = lead.filter((r) => !options.rules.has(r));
    if (elsewhere.length > 0)
      seen = { rules: elsewhere, record: failureRecord(session, record, judgement, elsewhere) };
  } finally {
    await session.close();
  }
  // Abandoned by fast-check and waited out by settleAbandonedSession: not counted.
  if (state.closed) return;
  if (seen !== undefined) options.onSeen?.(seen.rules, seen.record, false);
  if (failure !== undefined) {
    state.lastFailure = failure;
    throw new HubRuleFailure(failure, hit);
  }
  // A session in which no app talked to the hub (fleet events alone), that ended with answers
  // still due, or whose device records are incomplete, judged nothing of it: skipped, never a pass.
  if (others || !judged) {
    state.skips++;
    fc.pre(false);
  }
  state.passed++;
}

/** A session's evidence for `lead`, the rules it broke first: their violations lead the trace. */
function failureRecord(
  session: HubSession,
  record: HubRunRecord,
  judgement: HubJudgement,
  lead: readonly HubRuleId[],
): HubFailureRecord {
  const violations = leadFirst(judgement.violations, new Set(lead));
  return {
    commands: [...session.commands],
    appRequests: session.requestCount,
    trace: buildHubTrace(record, violations),
    violations,
  };
}

/**
 * Resets the fleet and opens the session, measuring the judge's lateness across the reset: a
 * comeback the reset made is a presence change the session may meet, and its window is widened by
 * what the judge's loop lost since (issue 18: the window of a change before the session's first
 * sample counts only from that sample, so the sample is taken before the reset).
 */
async function resetThenOpen(ctx: HubSessionContext): Promise<HubSession> {
  judgeLateness.acquire();
  try {
    const before = { atMs: ctx.fleet.now(), lateMs: judgeLateness.lateMs() };
    await resetFleet(ctx);
    return new HubSession(ctx, before);
  } finally {
    // The session has acquired the meter by now (its constructor), so it never stops in between.
    judgeLateness.release();
  }
}

/** Every device online and answering (and, where the fleet can, as it started) before a run, so runs do not leak into each other. */
async function resetFleet(ctx: HubSessionContext): Promise<void> {
  const fleet = ctx.fleet;
  const changed = fleet.devices.some((d) => !fleet.isOnline(d.deviceId));
  if (fleet.reset !== undefined) await fleet.reset();
  else
    for (const d of fleet.devices) {
      fleet.setResponsiveness(d.deviceId, { kind: 'normal' });
      if (!fleet.isOnline(d.deviceId)) await fleet.comeBack(d.deviceId);
    }
  // Let the hub see them come back before the run's connections open.
  if (changed) await sleep(150);
}

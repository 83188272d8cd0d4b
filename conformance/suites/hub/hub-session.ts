/**
 * The real side of one generated app session: app connections opened on demand (fresh ones
 * every run, so subscriptions never leak between runs), every request and frame recorded on
 * the fleet's clock, fleet events through the port. `finish` waits until nothing judged is
 * still due (answers, notifications, presence), bounded by the section 8 limits, then judges.
 */
import { probeUpgrade } from '../../../src/transport/ws/index.js';
import { judgeLateness } from '../../harness/judge-lateness.js';
import { AppLink } from './app-link.js';
import type { DeviceRecords, FleetPort } from './fleet-port.js';
import type { ResolvedHubTimeouts } from './hub-certify-config.js';
import type {
  AppFrame,
  AppIntent,
  AppRequest,
  HubRunRecord,
  LatenessSample,
  UpgradeCheck,
} from './hub-run-record.js';
import { describeEvidenceGaps, unrecordedRequestAt } from './judge/evidence-gaps.js';
import { type HubJudgement, judgeHubRun } from './judge/judge-hub-run.js';
import { CARRY_MS, type LatenessLog } from './lateness-log.js';
import type { HubAppToken } from './plan-hub-grants.js';

/** Requests in flight per connection: section 8's capacity. */
export const MAX_IN_FLIGHT = 16;
/** After everything due has come, wait this long for strays (a second answer, a notification to the wrong connection). */
const QUIET_MS = 60;
/** A pause that lets the hub see a presence change when nobody waits to hear of it. */
const BRIEF_MS = 150;

export interface HubSessionContext {
  readonly hubUrl: string;
  readonly apps: readonly HubAppToken[];
  readonly unknownToken: string;
  readonly deadlineMs: number;
  readonly fleet: FleetPort;
  readonly timeouts: ResolvedHubTimeouts;
  /** Counts across runs, for the result. */
  readonly stats: HubSessionStats;
  /** The judge's lateness samples of the sessions run so far (lateness-log.ts); none: each session's record starts with its own. */
  readonly latenessLog?: LatenessLog;
}

export interface HubSessionStats {
  requests: number;
  /** Response latencies (bounded: the first MAX_LATENCY_SAMPLES). */
  readonly latenciesMs: number[];
  /** Sessions that reached no verdict because a device's records were incomplete (judge/evidence-gaps.ts). */
  incompleteSessions: number;
  /** What the latest of them lacked, for the run's log. */
  lastIncomplete?: string;
}

const MAX_LATENCY_SAMPLES = 20_000;

/** What the commands' `check` reads: the fleet as the session left it. */
export interface HubModel {
  readonly offline: Set<string>;
  readonly unresponsive: Set<string>;
}

export class HubSession {
  readonly model: HubModel = { offline: new Set(), unresponsive: new Set() };
  private readonly links = new Map<string, AppLink>();
  private readonly opening = new Map<string, Promise<AppLink>>();
  private readonly requests: AppRequest[] = [];
  private readonly frames: AppFrame[] = [];
  private readonly upgrades: UpgradeCheck[] = [];
  /** The judge's own lateness, sampled at every frame and request, so the judge can discount it. */
  private readonly lateness: LatenessSample[] = [];
  private measuring = true;
  readonly commands: string[] = [];
  private closedLinks: AppLink[] = [];
  readonly startMs: number;

  /**
   * `before`: a lateness sample taken before the fleet was reset for this session (hub-property.ts),
   * so a change the reset made (a comeback) has the judge's lateness since it measured. Before it
   * come the earlier sessions' samples (ctx.latenessLog), for changes they left in the fleet's
   * records; a window that opened before all of them counts from the first (judge/judge-late.ts).
   */
  constructor(
    readonly ctx: HubSessionContext,
    before?: LatenessSample,
  ) {
    this.startMs = ctx.fleet.now();
    judgeLateness.acquire();
    const first = before !== undefined && before.atMs <= this.startMs ? before : undefined;
    this.lateness.push(
      ...(ctx.latenessLog?.between(this.startMs - CARRY_MS, first?.atMs ?? this.startMs) ?? []),
    );
    if (first !== undefined) this.lateness.push(first);
    this.sampleLateness();
  }

  private sampleLateness(): void {
    this.lateness.push({ atMs: this.now(), lateMs: judgeLateness.lateMs() });
  }

  now(): number {
    return this.ctx.fleet.now();
  }

  get requestCount(): number {
    return this.requests.length;
  }

  /** The connection `app-b#2`, opened on first use. */
  async link(connection: string): Promise<AppLink> {
    const open = this.links.get(connection);
    if (open !== undefined) return open;
    const pending = this.opening.get(connection);
    if (pending !== undefined) return pending;
    const app = connection.replace(/#\d+$/, '');
    const token = this.ctx.apps.find((a) => a.name === app);
    if (token === undefined) throw new Error(`no app token named ${app}`);
    const opened = AppLink.connect({
      url: this.ctx.hubUrl,
      name: connection,
      app,
      token: token.token,
      now: () => this.now(),
      onFrame: (frame) => {
        this.frames.push(frame);
        this.sampleLateness();
      },
    }).then((link) => {
      this.links.set(connection, link);
      this.opening.delete(connection);
      return link;
    });
    this.opening.set(connection, opened);
    return opened;
  }

  /** Sends one request (waiting for a free slot first), records it, and does not wait for the answer. */
  async request(
    connection: string,
    method: string,
    params: unknown,
    intent: AppIntent,
    command: string,
  ): Promise<AppRequest> {
    const link = await this.link(connection);
    await link.waitForSlot(MAX_IN_FLIGHT, this.now() + this.answerLimitMs());
    const sent = link.request(method, params);
    const request: AppRequest = {
      connection,
      app: link.app,
      id: sent.id,
      frame: sent.frame,
      sentAtMs: sent.sentAtMs,
      intent,
      command,
    };
    this.requests.push(request);
    this.sampleLateness();
    return request;
  }

  /**
   * Sends a frame as it is (no id the hub can read); the hub owes one envelope error. Bytes go
   * out as a text frame unchanged (not valid UTF-8 on purpose); the record keeps them readable.
   */
  async raw(connection: string, text: string | Buffer, code: number, command: string): Promise<void> {
    const link = await this.link(connection);
    const sentAtMs = link.sendRaw(text);
    this.requests.push({
      connection,
      app: link.app,
      id: null,
      frame: typeof text === 'string' ? text : `bytes ${text.toString('hex')}`,
      sentAtMs,
      intent: { kind: 'envelope', code },
      command,
    });
  }

  /** Waits until `connection` has every answer, bounded. */
  async settle(connection: string): Promise<void> {
    const link = this.links.get(connection);
    if (link !== undefined) await link.waitAllAnswered(this.now() + this.answerLimitMs());
  }

  /**
   * After a presence change: resolves once any app connection got `device.presence` for it, or
   * after the protocol's presence limit (the hub must know by then). The judge treats commands
   * sent before either as meeting a hub that may not know yet. The limit is measured as the judge
   * measures it: widened by this process's own lateness meanwhile (the broker runs in it, and may
   * have passed the change on that late), so on a busy machine the next command still meets a hub
   * an app has heard know the change, and a hub that acts against it is caught (issue 18:
   * `forward-to-offline` passed or was "seen, not reproduced" with three certifications at once).
   */
  async waitForPresenceHeard(
    deviceId: string,
    online: boolean,
    wait: 'until-heard' | 'brief' = 'until-heard',
  ): Promise<void> {
    const since = this.now();
    // Nobody subscribed to anything: nobody will hear it; a short pause lets the hub see it (the
    // judge treats commands sent before it could have known with the leniency section 8 allows).
    const subscribed = this.requests.some((r) => r.intent.kind === 'subscribe');
    const limitMs = subscribed && wait === 'until-heard' ? this.ctx.timeouts.presenceMs : BRIEF_MS;
    const lateAtStart = judgeLateness.lateMs();
    const lateSince = () => (limitMs === BRIEF_MS ? 0 : Math.max(0, judgeLateness.lateMs() - lateAtStart));
    while (this.now() < since + limitMs + lateSince()) {
      if (
        this.frames.some((f) => {
          if (f.atMs < since - 50) return false;
          const m = f.message as
            | { method?: unknown; params?: { deviceId?: unknown; online?: unknown } }
            | undefined;
          return (
            m?.method === 'device.presence' && m.params?.deviceId === deviceId && m.params.online === online
          );
        })
      )
        return;
      await sleep(10);
    }
  }

  async unknownTokenUpgrade(command: string): Promise<void> {
    const atMs = this.now();
    const outcome = await probeUpgrade(this.ctx.hubUrl, `Bearer ${this.ctx.unknownToken}`, 5_000);
    this.upgrades.push({
      atMs,
      command,
      outcome: outcome.kind === 'refused' ? outcome.status : outcome.kind,
      ...(outcome.kind === 'unreachable' ? { reason: outcome.reason } : {}),
    });
  }

  /** The latest any answer may come (D + 1 s, or 2 s for -4010), plus a little for the wire. */
  answerLimitMs(): number {
    return (
      Math.max(this.ctx.deadlineMs + this.ctx.timeouts.lateAfterDeadlineMs, this.ctx.timeouts.offlineMs) + 250
    );
  }

  record(endMs = this.now()): HubRunRecord {
    if (this.measuring) this.sampleLateness();
    // Read the fleet now: devices that appeared during the run belong to it.
    const fleet = this.ctx.fleet.devices;
    const fleetIds = fleet.map((d) => d.deviceId);
    // Requests the devices received before this session are left out: a session is judged on
    // its own evidence, so its printed replay (a fresh hub, a fresh fleet) meets the same. A hub
    // reusing a request id across sessions reuses it within one too. What devices sent stays
    // whole: their presence before the session says whether they were online when it began.
    // A device's answer in this session whose request its records lack marks them incomplete
    // (judge/evidence-gaps.ts), read on the whole records before the session's cut.
    const devices = new Map(
      fleetIds.map((id): [string, DeviceRecords] => {
        const records = this.ctx.fleet.records(id);
        const received = records.received.filter((r) => r.atMs >= this.startMs);
        const gapAt = [records.incompleteFromMs, unrecordedRequestAt(records, this.startMs)].filter(
          (t): t is number => t !== undefined,
        );
        return [
          id,
          gapAt.length === 0
            ? { received, sent: records.sent }
            : { received, sent: records.sent, incompleteFromMs: Math.min(...gapAt) },
        ];
      }),
    );
    const grants = new Map(this.ctx.apps.map((a) => [a.name, a.devices] as const));
    return {
      startMs: this.startMs,
      endMs,
      deadlineMs: this.ctx.deadlineMs,
      grants,
      fleetIds,
      modelIds: new Map(fleet.map((d) => [d.deviceId, d.model.model] as const)),
      connections: [...this.closedLinks, ...this.links.values()].map((l) => l.record()),
      requests: [...this.requests],
      frames: [...this.frames],
      upgrades: [...this.upgrades],
      devices,
      lateness: [...this.lateness],
    };
  }

  /** Waits until nothing is due any more (or the limits pass), then judges the run. */
  async finish(hardLimitMs: number): Promise<{ record: HubRunRecord; judgement: HubJudgement }> {
    const limit = Math.min(hardLimitMs, this.now() + this.answerLimitMs() + this.ctx.timeouts.presenceMs);
    for (;;) {
      const record = this.record();
      const judgement = judgeHubRun(record, this.ctx.timeouts);
      const due = judgement.pendingUntilMs;
      if (due === undefined || this.now() >= limit) break;
      await sleep(Math.max(5, Math.min(50, due - this.now())));
    }
    await sleep(QUIET_MS);
    const record = this.record();
    this.stopMeasuring();
    this.count(record);
    const judgement = judgeHubRun(record, this.ctx.timeouts);
    if (judgement.incomplete !== undefined) {
      this.ctx.stats.incompleteSessions++;
      this.ctx.stats.lastIncomplete = describeEvidenceGaps(judgement.incomplete, record.startMs);
    }
    return { record, judgement };
  }

  /**
   * The record so far, judged as it stands, without waiting for anything still due: for a session
   * cut short because the hub stopped accepting app connections. What is due is not yet missing
   * (the judgement says pending, not violated); what the hub already sent is evidence all the same.
   */
  judgeSoFar(): { record: HubRunRecord; judgement: HubJudgement } {
    const record = this.record();
    this.stopMeasuring();
    return { record, judgement: judgeHubRun(record, this.ctx.timeouts) };
  }

  /** Once per session: the lateness meter acquired in the constructor is released, its samples kept. */
  private stopMeasuring(): void {
    if (!this.measuring) return;
    this.measuring = false;
    judgeLateness.release();
    this.ctx.latenessLog?.add(this.lateness);
  }

  private count(record: HubRunRecord): void {
    const stats = this.ctx.stats;
    stats.requests += record.requests.length;
    const answered = new Map<string, number>();
    for (const f of record.frames) {
      const id = (f.message as { id?: unknown } | undefined)?.id;
      if (typeof id === 'number' && !answered.has(`${f.connection} ${id}`))
        answered.set(`${f.connection} ${id}`, f.atMs);
    }
    for (const r of record.requests) {
      const at = answered.get(`${r.connection} ${r.id}`);
      if (at !== undefined && stats.latenciesMs.length < MAX_LATENCY_SAMPLES)
        stats.latenciesMs.push(at - r.sentAtMs);
    }
  }

  async close(): Promise<void> {
    // A session cut before `finish` (a command threw) still gives the meter back.
    this.stopMeasuring();
    const links = [
      ...this.links.values(),
      ...(await Promise.allSettled(this.opening.values())).flatMap((r) =>
        r.status === 'fulfilled' ? [r.value] : [],
      ),
    ];
    this.closedLinks = [...this.closedLinks, ...links];
    this.links.clear();
    await Promise.all(links.map((l) => l.close()));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

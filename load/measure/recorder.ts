/**
 * The in-memory recorder of one run (or one shard): counters, whole-run HdrHistograms, and
 * the per-interval series. No clock and no I/O: callers pass run-relative milliseconds, so
 * the recorder is deterministic and tested on its own. Closed intervals are encoded to keep
 * memory flat on long runs; a late value for a closed interval reopens it, so nothing is lost.
 */
import { type LoadCounters, zeroCounters, zeroHubCounters } from './counters.js';
import {
  createHistogram,
  decodeHistogram,
  type EncodedHistogram,
  encodeHistogram,
  type Histogram,
  recordMs,
} from './histogram.js';
import type { IntervalPoint } from './series.js';

export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** What a recorder holds at the end of a run. */
export interface RecordedRun {
  readonly counters: LoadCounters;
  readonly histograms: {
    readonly connect: EncodedHistogram;
    readonly rpc: EncodedHistogram;
    readonly notify: EncodedHistogram;
    /** Hub scenarios: app command round trips. */
    readonly hub?: EncodedHistogram;
  };
  /** Spans that the rates are taken over; absent when nothing happened. */
  readonly windows: {
    readonly connect?: TimeWindow;
    readonly rpc?: TimeWindow;
    readonly notify?: TimeWindow;
    readonly hub?: TimeWindow;
  };
  readonly series: IntervalPoint[];
}

interface Bucket {
  connected: number;
  connects: number;
  disconnects: number;
  rpcSent: number;
  rpcAnswered: number;
  rpcErrors: number;
  notifyPublished: number;
  notifyDelivered: number;
  notifyErrors: number;
  rpcLatency: Histogram | EncodedHistogram | undefined;
  notifyLatency: Histogram | EncodedHistogram | undefined;
}

class WindowTracker {
  startMs = Number.POSITIVE_INFINITY;
  endMs = Number.NEGATIVE_INFINITY;
  see(ms: number): void {
    if (ms < this.startMs) this.startMs = ms;
    if (ms > this.endMs) this.endMs = ms;
  }
  get window(): TimeWindow | undefined {
    return this.startMs <= this.endMs ? { startMs: this.startMs, endMs: this.endMs } : undefined;
  }
}

export class LoadRecorder {
  readonly counters: LoadCounters = zeroCounters();
  readonly connectLatency = createHistogram();
  readonly rpcLatency = createHistogram();
  readonly notifyLatency = createHistogram();
  readonly hubLatency = createHistogram();
  private readonly buckets: Bucket[] = [];
  private readonly connectWindow = new WindowTracker();
  private readonly rpcWindow = new WindowTracker();
  private readonly notifyWindow = new WindowTracker();
  private readonly hubWindow = new WindowTracker();
  /** Set by the first hub figure: only hub runs carry hub counters. */
  private hubCounters: import('./counters.js').HubCounters | undefined;

  constructor(readonly intervalMs: number) {}

  // ---- connections -------------------------------------------------------------------------
  connectAttempt(intendedMs: number): void {
    this.counters.connect.attempts++;
    this.connectWindow.see(intendedMs);
  }
  /** A connection made, `latencyMs` from the intended connect time (planned connects) or the loss (reconnects). */
  connected(atMs: number, latencyMs: number, reconnect: boolean): void {
    this.counters.connect.count++;
    if (reconnect) this.counters.connect.reconnects++;
    else {
      recordMs(this.connectLatency, latencyMs);
      this.connectWindow.see(atMs);
    }
    this.bucket(atMs).connects++;
  }
  connectFailed(): void {
    this.counters.connect.failed++;
  }
  disconnected(atMs: number): void {
    this.counters.connect.disconnects++;
    this.bucket(atMs).disconnects++;
  }
  /** Devices connected at `atMs`; the last sample of an interval is its value. */
  connectedGauge(atMs: number, devices: number): void {
    this.bucket(atMs).connected = devices;
  }

  // ---- requests (filed under their intended send time) ---------------------------------------
  rpcSent(intendedMs: number): void {
    this.counters.rpc.sent++;
    this.rpcWindow.see(intendedMs);
    this.bucket(intendedMs).rpcSent++;
  }
  rpcAnswered(intendedMs: number, latencyMs: number): void {
    this.counters.rpc.answered++;
    recordMs(this.rpcLatency, latencyMs);
    const bucket = this.bucket(intendedMs);
    bucket.rpcAnswered++;
    bucket.rpcLatency = record(bucket.rpcLatency, latencyMs);
  }
  rpcLost(intendedMs: number): void {
    this.counters.rpc.lost++;
    this.bucket(intendedMs).rpcErrors++;
  }
  /** An answer after the deadline; the request was already counted lost. */
  rpcLate(): void {
    this.counters.rpc.late++;
  }
  rpcDuplicated(intendedMs: number): void {
    this.counters.rpc.duplicated++;
    this.bucket(intendedMs).rpcErrors++;
  }
  /** A repeated answer at QoS 1 (at-least-once): counted, not an error. */
  rpcRedelivered(): void {
    this.counters.rpc.redelivered++;
  }
  rpcWrong(intendedMs: number): void {
    this.counters.rpc.wrong++;
    this.bucket(intendedMs).rpcErrors++;
  }
  rpcMisdelivered(intendedMs: number): void {
    this.counters.rpc.misdelivered++;
    this.bucket(intendedMs).rpcErrors++;
  }
  rpcUnavailable(): void {
    this.counters.rpc.unavailable++;
  }

  // ---- notifications (filed under their intended publish time) -----------------------------
  notifyPublished(intendedMs: number): void {
    this.counters.notify.published++;
    this.notifyWindow.see(intendedMs);
    this.bucket(intendedMs).notifyPublished++;
  }
  notifyDelivered(intendedMs: number, latencyMs: number, reordered: boolean): void {
    this.counters.notify.delivered++;
    recordMs(this.notifyLatency, latencyMs);
    const bucket = this.bucket(intendedMs);
    bucket.notifyDelivered++;
    bucket.notifyLatency = record(bucket.notifyLatency, latencyMs);
    if (reordered) {
      this.counters.notify.reordered++;
      bucket.notifyErrors++;
    }
  }
  notifyDuplicated(intendedMs: number): void {
    this.counters.notify.duplicated++;
    this.bucket(intendedMs).notifyErrors++;
  }
  /** A repeated telemetry update at QoS 1 (at-least-once): counted, not an error. */
  notifyRedelivered(): void {
    this.counters.notify.redelivered++;
  }
  notifySkipped(): void {
    this.counters.notify.skipped++;
  }

  // ---- app commands through a hub (filed under their intended send time; shown as the rpc series) --
  private get hub(): import('./counters.js').HubCounters {
    this.hubCounters ??= zeroHubCounters();
    this.counters.hub = this.hubCounters;
    return this.hubCounters;
  }
  /** Marks the run as a hub run (its result carries hub counters even when nothing was sent). */
  hubRun(): void {
    void this.hub;
  }
  hubSent(intendedMs: number): void {
    this.hub.sent++;
    this.hubWindow.see(intendedMs);
    this.bucket(intendedMs).rpcSent++;
  }
  hubAnswered(intendedMs: number, latencyMs: number): void {
    this.hub.answered++;
    recordMs(this.hubLatency, latencyMs);
    const bucket = this.bucket(intendedMs);
    bucket.rpcAnswered++;
    bucket.rpcLatency = record(bucket.rpcLatency, latencyMs);
  }
  /** A hub outcome other than a correct answer; the error kinds also mark the interval. */
  hubCount(
    name: Exclude<keyof import('./counters.js').HubCounters, 'sent' | 'answered'>,
    intendedMs: number,
  ): void {
    this.hub[name]++;
    if (name !== 'offline' && name !== 'timeout' && name !== 'busy' && name !== 'refused')
      this.bucket(intendedMs).rpcErrors++;
  }
  notifyLeaked(atMs: number): void {
    this.counters.notify.leaked++;
    this.bucket(atMs).notifyErrors++;
  }

  /** Encodes the interval histograms of intervals that end before `beforeMs` (they are complete). */
  closeIntervalsBefore(beforeMs: number): void {
    const last = Math.floor(beforeMs / this.intervalMs);
    for (let i = 0; i < Math.min(last, this.buckets.length); i++) {
      const bucket = this.buckets[i];
      if (!bucket) continue;
      bucket.rpcLatency = closed(bucket.rpcLatency);
      bucket.notifyLatency = closed(bucket.notifyLatency);
    }
  }

  /** The run so far; `untilMs` pads the series with empty intervals up to the planned end. */
  finish(untilMs = 0): RecordedRun {
    if (untilMs > 0) this.bucket(Math.max(0, untilMs - 1));
    const empty = encodeHistogram(createHistogram());
    const series: IntervalPoint[] = [];
    for (let i = 0; i < this.buckets.length; i++) {
      const bucket = this.buckets[i] ?? newBucket();
      series.push({
        startMs: i * this.intervalMs,
        connected: bucket.connected,
        connects: bucket.connects,
        disconnects: bucket.disconnects,
        rpcSent: bucket.rpcSent,
        rpcAnswered: bucket.rpcAnswered,
        rpcErrors: bucket.rpcErrors,
        notifyPublished: bucket.notifyPublished,
        notifyDelivered: bucket.notifyDelivered,
        notifyErrors: bucket.notifyErrors,
        rpcLatency: closed(bucket.rpcLatency) ?? empty,
        notifyLatency: closed(bucket.notifyLatency) ?? empty,
      });
    }
    const windows: { connect?: TimeWindow; rpc?: TimeWindow; notify?: TimeWindow } = {};
    if (this.connectWindow.window) windows.connect = this.connectWindow.window;
    if (this.rpcWindow.window) windows.rpc = this.rpcWindow.window;
    if (this.notifyWindow.window) windows.notify = this.notifyWindow.window;
    const windowsAll: RecordedRun['windows'] = this.hubWindow.window
      ? { ...windows, hub: this.hubWindow.window }
      : windows;
    return {
      counters: structuredClone(this.counters),
      histograms: {
        connect: encodeHistogram(this.connectLatency),
        rpc: encodeHistogram(this.rpcLatency),
        notify: encodeHistogram(this.notifyLatency),
        ...(this.hubCounters ? { hub: encodeHistogram(this.hubLatency) } : {}),
      },
      windows: windowsAll,
      series,
    };
  }

  /** The live view of one interval, for progress lines. */
  intervalAt(
    ms: number,
  ): Readonly<Omit<Bucket, 'rpcLatency' | 'notifyLatency'>> & { rpcLatency?: Histogram } {
    const bucket = this.bucket(ms);
    const latency = bucket.rpcLatency;
    return { ...bucket, rpcLatency: latency && !isEncoded(latency) ? latency : undefined };
  }

  private bucket(ms: number): Bucket {
    const index = Math.max(0, Math.floor(ms / this.intervalMs));
    while (this.buckets.length <= index) {
      // The gauge carries over: an interval with no sample keeps the connected count it inherited.
      const previous = this.buckets[this.buckets.length - 1];
      const bucket = newBucket();
      if (previous) bucket.connected = previous.connected;
      this.buckets.push(bucket);
    }
    return this.buckets[index] as Bucket;
  }
}

function newBucket(): Bucket {
  return {
    connected: 0,
    connects: 0,
    disconnects: 0,
    rpcSent: 0,
    rpcAnswered: 0,
    rpcErrors: 0,
    notifyPublished: 0,
    notifyDelivered: 0,
    notifyErrors: 0,
    rpcLatency: undefined,
    notifyLatency: undefined,
  };
}

function isEncoded(value: Histogram | EncodedHistogram): value is EncodedHistogram {
  return (value as EncodedHistogram).unit === 'us';
}

function record(target: Histogram | EncodedHistogram | undefined, ms: number): Histogram {
  const histogram =
    target === undefined ? createHistogram() : isEncoded(target) ? decodeHistogram(target) : target;
  recordMs(histogram, ms);
  return histogram;
}

function closed(target: Histogram | EncodedHistogram | undefined): EncodedHistogram | undefined {
  if (target === undefined) return undefined;
  return isEncoded(target) ? target : encodeHistogram(target);
}

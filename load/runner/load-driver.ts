/**
 * The heart of a run: one timer loop that does, at each tick, whatever the plan says is due
 * by now: connects and disconnects, requests (open model: every request is sent at its
 * intended time however the cloud is doing, and measured from that time), telemetry updates;
 * and that feeds what comes back to the checkers. Built by ./run-load.ts.
 */
import type { Response } from '../../src/protocol/index.js';
import type { LoadRecorder } from '../measure/recorder.js';
import type { RequestTally } from '../measure/request-tally.js';
import type { ShardSpec } from '../plan/devices.js';
import { type CompiledTraffic, compileTraffic } from '../plan/request-frames.js';
import type { RequestIdMap } from '../plan/request-ids.js';
import {
  intendedTimeMs,
  type ModelTraffic,
  requestSlots,
  type ScheduleOptions,
  scheduledRequest,
} from '../plan/requests.js';
import { sequenceValue } from '../plan/telemetry.js';
import { availableAt } from '../plan/timeline.js';
import type { ControllerHooks, LoadControllers } from './controllers.js';
import type { NotificationChecker, TelemetryDevice } from './notification-checker.js';
import type { DevicePool, PoolHooks } from './pool.js';
import type { RequestChecker, SampleSink } from './request-checker.js';
import { type ConnectEvent, DueCursor, TelemetryCursor } from './schedules.js';

/** Requests (and telemetry updates) sent per tick at most before answers are read again. */
const TICK_BUDGET = 200;
/**
 * Connects and disconnects started per tick at most: a ramp the machine cannot keep up with
 * would otherwise start thousands in one tick and hold the loop (and every request due) for
 * seconds. Late connects are measured from their planned time, so the delay shows.
 */
const CONNECT_BUDGET = 100;
/** A telemetry update is published only if the device stays up this long after it (delivery margin). */
const TELEMETRY_MARGIN_MS = 1000;

export interface DriverSlot {
  readonly position: number;
  readonly id: string;
  readonly controller: number;
  readonly traffic: ModelTraffic;
  readonly telemetry: TelemetryDevice | undefined;
}

export interface DriverParts {
  readonly shard: ShardSpec;
  readonly slots: readonly DriverSlot[];
  readonly schedule: ScheduleOptions;
  readonly ids: RequestIdMap;
  readonly connectEvents: readonly ConnectEvent[];
  readonly telemetryDevices: readonly TelemetryDevice[];
  readonly telemetryPeriodMs: number;
  readonly recorder: LoadRecorder;
  readonly requests: RequestChecker;
  readonly notifications: NotificationChecker;
  readonly sample: SampleSink;
  readonly now: () => number;
  /** Requests by method and outcome (live metrics), when the run is watched. */
  readonly tally?: RequestTally;
}

export class LoadDriver implements PoolHooks, ControllerHooks {
  pool: DevicePool | undefined;
  controllers: LoadControllers | undefined;
  connectedCount = 0;
  /** Largest delay between a request's intended time and its sending (the generator's own lag). */
  maxLagMs = 0;
  lateSends = 0;
  readonly #parts: DriverParts;
  readonly #connected: Uint8Array;
  readonly #planned: Uint8Array;
  readonly #sessionUp: Uint8Array;
  readonly #leaving: Uint8Array;
  readonly #plannedAt: Float64Array;
  readonly #connects: DueCursor<ConnectEvent>;
  readonly #telemetry: TelemetryCursor;
  readonly #byId: Map<string, number>;
  /** Per slot: its model's request frames, compiled once per model (../plan/request-frames.ts). */
  readonly #frames: CompiledTraffic[];
  /** Per telemetry device: its slot. */
  readonly #telemetrySlot: Int32Array;
  readonly #requestTotal: number;
  #nextRequest = 0;

  constructor(parts: DriverParts) {
    this.#parts = parts;
    const n = parts.slots.length;
    this.#connected = new Uint8Array(n);
    this.#planned = new Uint8Array(n);
    this.#sessionUp = new Uint8Array(n);
    this.#leaving = new Uint8Array(n);
    this.#plannedAt = new Float64Array(n);
    this.#connects = new DueCursor(parts.connectEvents);
    this.#telemetry = new TelemetryCursor(
      parts.telemetryDevices.map((d) => d.phaseMs),
      parts.telemetryPeriodMs,
      parts.schedule.timeline.stagesEndMs,
    );
    this.#byId = new Map(parts.slots.map((slot, index) => [slot.id, index]));
    const compiled = new Map<ModelTraffic, CompiledTraffic>();
    this.#frames = parts.slots.map((slot) => {
      const known = compiled.get(slot.traffic);
      if (known) return known;
      const frames = compileTraffic(slot.traffic);
      compiled.set(slot.traffic, frames);
      return frames;
    });
    this.#telemetrySlot = Int32Array.from(parts.telemetryDevices, (d) => this.#byId.get(d.deviceId) ?? -1);
    this.#requestTotal = requestSlots(parts.schedule);
  }

  /**
   * What is due by `nowMs`, at most a tick's budget of requests and telemetry, so incoming
   * answers are read between bursts even when the generator runs behind (late sends are
   * still measured from their intended time). Returns true when due work is left over.
   */
  tick(nowMs: number): boolean {
    let connects = CONNECT_BUDGET;
    for (let event = connects > 0 ? this.#connects.next(nowMs) : undefined; event; ) {
      this.#connectEvent(event);
      event = --connects > 0 ? this.#connects.next(nowMs) : undefined;
    }
    const requestsLeft = this.#sendRequests(nowMs);
    const telemetryLeft = this.#publishTelemetry(nowMs);
    this.#parts.requests.expire(nowMs);
    this.#parts.recorder.connectedGauge(nowMs, this.connectedCount);
    return connects <= 0 || requestsLeft || telemetryLeft;
  }

  /** Planned sessions that never came up count as failed connects (at the end of the run). */
  finish(): void {
    for (let slot = 0; slot < this.#planned.length; slot++) {
      if (this.#planned[slot] && !this.#sessionUp[slot]) {
        this.#parts.recorder.connectFailed();
        this.#parts.sample({
          kind: 'connect-failed',
          atMs: this.#parts.now(),
          deviceId: this.#parts.slots[slot]?.id,
          detail: 'planned to connect; never came online before the run ended',
        });
      }
      this.#planned[slot] = 0;
    }
  }

  #connectEvent(event: ConnectEvent): void {
    const { slot } = event;
    const recorder = this.#parts.recorder;
    if (event.kind === 'connect') {
      this.#planned[slot] = 1;
      this.#sessionUp[slot] = 0;
      this.#plannedAt[slot] = event.atMs;
      recorder.connectAttempt(event.atMs);
      this.pool?.connect(slot);
      return;
    }
    if (!this.#sessionUp[slot]) {
      recorder.connectFailed();
      this.#parts.sample({
        kind: 'connect-failed',
        atMs: event.atMs,
        deviceId: this.#parts.slots[slot]?.id,
        detail: 'did not come online before its planned disconnect',
      });
    }
    this.#planned[slot] = 0;
    this.#leaving[slot] = 1;
    void this.pool?.disconnect(slot).finally(() => {
      this.#leaving[slot] = 0;
    });
  }

  #sendRequests(nowMs: number): boolean {
    this.controllers?.cork();
    try {
      return this.#sendDue(nowMs);
    } finally {
      this.controllers?.uncork();
    }
  }

  #sendDue(nowMs: number): boolean {
    const { schedule, shard, slots, recorder } = this.#parts;
    let budget = TICK_BUDGET;
    while (this.#nextRequest < this.#requestTotal && intendedTimeMs(schedule, this.#nextRequest) <= nowMs) {
      if (budget-- <= 0) return true;
      const index = this.#nextRequest++;
      const request = scheduledRequest(schedule, index);
      if (!request || request.position % shard.count !== shard.index) continue;
      const slotIndex = (request.position - shard.index) / shard.count;
      const slot = slots[slotIndex] as DriverSlot;
      const frames = this.#frames[slotIndex] as CompiledTraffic;
      if (!this.#connected[slotIndex]) {
        recorder.rpcUnavailable();
        this.#parts.tally?.add(frames.methodOf(request.kind), 'unavailable');
        this.#parts.sample({
          kind: 'unavailable',
          atMs: request.intendedMs,
          deviceId: slot.id,
          detail: `request ${index} not sent: ${slot.id} was not connected at its intended time`,
        });
        continue;
      }
      // The frame is written from precomputed text, drawing what `requestBody` would draw.
      const id = this.#parts.ids.idOf(index);
      const frame = frames.frame(request.kind, request.random, id);
      this.#parts.requests.sent(
        id,
        slot.id,
        slot.controller,
        request.intendedMs,
        frames.methodOf(request.kind),
      );
      this.controllers?.publish(slot.controller, slot.id, frame);
      const lag = nowMs - request.intendedMs;
      if (lag > this.maxLagMs) this.maxLagMs = lag;
      if (lag > 100) this.lateSends++;
    }
    return false;
  }

  #publishTelemetry(nowMs: number): boolean {
    const cursor = this.#telemetry;
    let budget = TICK_BUDGET;
    while (cursor.next(nowMs)) {
      this.#publishOne(cursor.slot, cursor.sequence, cursor.intendedMs);
      // The cursor has moved past this update: stop only after handling it.
      if (--budget <= 0) return true;
    }
    return false;
  }

  #publishOne(telemetrySlot: number, sequence: number, intendedMs: number): void {
    const { telemetryDevices, slots, schedule, recorder } = this.#parts;
    const device = telemetryDevices[telemetrySlot] as TelemetryDevice;
    const slotIndex = this.#telemetrySlot[telemetrySlot] as number;
    const position = (slots[slotIndex] as DriverSlot).position;
    // Only where the plan has the device up from settle time through delivery.
    if (position >= availableAt(schedule.timeline, intendedMs, schedule.settleMs, TELEMETRY_MARGIN_MS))
      return;
    if (!this.#connected[slotIndex]) {
      recorder.notifySkipped();
      return;
    }
    const { siid, piid } = device.property;
    const value = sequenceValue(device.property, sequence);
    this.pool?.publishByItself(slotIndex, siid, piid, value, intendedMs);
  }

  // ---- pool hooks -------------------------------------------------------------------------
  up(slot: number): void {
    if (this.#connected[slot]) return;
    this.#connected[slot] = 1;
    this.connectedCount++;
    if (!this.#planned[slot]) return;
    const now = this.#parts.now();
    if (!this.#sessionUp[slot]) {
      this.#sessionUp[slot] = 1;
      this.#parts.recorder.connected(now, now - (this.#plannedAt[slot] as number), false);
    } else {
      this.#parts.recorder.connected(now, 0, true);
    }
  }

  down(slot: number): void {
    if (!this.#connected[slot]) return;
    this.#connected[slot] = 0;
    this.connectedCount--;
    if (this.#planned[slot] && !this.#leaving[slot]) {
      const now = this.#parts.now();
      this.#parts.recorder.disconnected(now);
      this.#parts.sample({
        kind: 'disconnect',
        atMs: now,
        deviceId: this.#parts.slots[slot]?.id,
        detail: 'connection lost while the plan had it connected',
      });
    }
  }

  error(slot: number, error: Error): void {
    this.#parts.sample({
      kind: 'connect-failed',
      atMs: this.#parts.now(),
      deviceId: this.#parts.slots[slot]?.id,
      detail: error.message,
    });
  }

  published(_slot: number, intendedMs: number): void {
    this.#parts.recorder.notifyPublished(intendedMs);
  }

  replied(_slot: number, id: Response['id'], text: string): void {
    if (typeof id === 'number') this.#parts.requests.deviceReplied(id, text);
  }

  // ---- controller hooks -------------------------------------------------------------------
  reply(controller: number, deviceId: string, payload: string): void {
    this.#parts.requests.received(controller, deviceId, payload, this.#parts.now());
  }

  event(_controller: number, deviceId: string, payload: string): void {
    const slotIndex = this.#byId.get(deviceId);
    const device = slotIndex === undefined ? undefined : this.#parts.slots[slotIndex]?.telemetry;
    if (device) this.#parts.notifications.received(device, payload, this.#parts.now());
  }
}

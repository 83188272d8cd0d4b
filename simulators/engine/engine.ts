/**
 * The generic device engine: runs any valid model (PROTOCOL.md sections 2–4), pure — no
 * sockets, no timers. Frames in, a reply and notifications out. One small object per device:
 * model indexes are shared (compiled-model.ts), methods live on the prototype.
 */

import { createRandom, type Random } from '../../src/index.js';
import type { PropertyValue } from '../../src/model/index.js';
import { sameValue, valueProblem } from '../../src/model/index.js';
import type { EnvelopeError, Notification, Request, Response } from '../../src/protocol/index.js';
import { decodeRequest, EnvelopeCode, envelopeErrorResponse } from '../../src/protocol/index.js';
import { findFault } from '../faults/catalogue.js';
import {
  corruptEventArguments,
  oversizedBatchRequest,
  withIdAsString,
  withResultAndError,
  wrongEnvelopeCode,
} from '../faults/engine-transforms.js';
import { shouldFire } from '../faults/should-fire.js';
import type { EngineFaultName, FaultPlan } from '../faults/types.js';
import {
  type CompiledGuard,
  type CompiledModel,
  compileModel,
  type EventEntry,
  type PropertyEntry,
} from './compiled-model.js';
import { DuplicateWindow } from './duplicate-window.js';
import type { ChangeCause, Checkpoint, EngineContext } from './handler.js';
import { serveRequest } from './handlers/index.js';
import { EngineError, type InitialStateInput, initialValues } from './initial-state.js';
import { type QueuedChange, toNotifications } from './notifications.js';
import type {
  Clock,
  DeviceEngine,
  DeviceEngineOptions,
  DeviceOutput,
  FrameOptions,
  StateEntry,
} from './types.js';

export const DEFAULT_FIRMWARE = '1.0.0';
export const DEFAULT_MANUFACTURER = 'fleetcert';

const SILENT: DeviceOutput = Object.freeze({ notifications: Object.freeze([]) as readonly Notification[] });
const NO_FAULTS: FaultPlan = Object.freeze([]);

export function createDeviceEngine(options: DeviceEngineOptions): DeviceEngine {
  return new Engine(options);
}

class Engine implements DeviceEngine, EngineContext {
  readonly deviceId: string;
  readonly compiled: CompiledModel;
  readonly firmware: string;
  readonly faults: FaultPlan;
  readonly faulty: boolean;
  private readonly engineFaults: FaultPlan;
  private readonly clock: Clock;
  private readonly setup: InitialStateInput;
  private readonly random: Random | undefined;
  private values: PropertyValue[];
  private changes: QueuedChange[] = [];
  private window: DuplicateWindow | undefined;
  /** Set by the unresponsive-after-garbage fault only. */
  private silenced = false;

  constructor(options: DeviceEngineOptions) {
    this.deviceId = options.deviceId;
    this.compiled = compileModel(options.model);
    this.firmware = options.firmware ?? DEFAULT_FIRMWARE;
    this.clock = options.clock;
    this.setup = {
      deviceId: options.deviceId,
      manufacturer: options.manufacturer ?? DEFAULT_MANUFACTURER,
      firmware: this.firmware,
      overrides: options.initialState ?? [],
    };
    this.values = initialValues(this.compiled, this.setup);
    this.faults = options.faults && options.faults.length > 0 ? options.faults : NO_FAULTS;
    // Binding-layer faults are the bindings' business: with none of its own the engine runs clean.
    const own = this.faults.filter(
      (setting) => findFault(setting.name)?.layer === 'engine' && setting.rate > 0,
    );
    this.engineFaults = own.length > 0 ? own : NO_FAULTS;
    this.faulty = own.length > 0;
    this.random = this.faulty ? createRandom(mixSeed(options.seed ?? 0, options.deviceId)) : undefined;
  }

  get model() {
    return this.compiled.model;
  }

  handleFrame(frame: Uint8Array | string, channel = '', options?: FrameOptions): DeviceOutput {
    if (this.silenced) return SILENT;
    const decoded = decodeRequest(frame, options);
    const id = decoded.ok ? decoded.request.id : decoded.error.id;
    const now = this.clock.now();
    if (id !== null && this.window) {
      const stored = this.window.find(channel, id, now);
      // EDP-RPC-5: the stored response, no effects, no notifications. fault hook: duplicate-executes-twice
      if (stored && !this.fires('duplicate-executes-twice'))
        return { reply: stored, notifications: SILENT.notifications };
    }
    let reply: Response;
    if (decoded.ok) {
      reply = { id: decoded.request.id, result: serveRequest(this, decoded.request) };
    } else if (
      // fault hook: serve-oversized-batch (EDP-RPC-4)
      this.faulty &&
      decoded.error.code === EnvelopeCode.invalidParams &&
      oversizedBatchRequest(frame) !== undefined &&
      this.fires('serve-oversized-batch')
    ) {
      const request = oversizedBatchRequest(frame) as Request;
      reply = { id: request.id, result: serveRequest(this, request) };
    } else {
      reply = this.envelopeReply(decoded.error);
      // fault hook: unresponsive-after-garbage (EDP-RPC-4)
      if (this.fires('unresponsive-after-garbage')) this.silenced = true;
    }
    if (this.faulty) reply = this.replyFaults(reply);
    if (id !== null) {
      this.window ??= new DuplicateWindow();
      this.window.remember(channel, id, reply, now);
    }
    return { reply, notifications: this.takeNotifications() };
  }

  read(siid: number, piid: number): PropertyValue | undefined {
    const entry = this.compiled.findProperty(siid, piid);
    return entry ? this.values[entry.slot] : undefined;
  }

  changeByItself(siid: number, piid: number, value: PropertyValue): Notification | undefined {
    const entry = this.compiled.findProperty(siid, piid);
    if (!entry) {
      throw new EngineError(
        `changeByItself(${siid}, ${piid}): model ${this.compiled.model.model} has no such property.`,
      );
    }
    const problem = valueProblem(entry.spec, value);
    if (problem !== undefined) {
      throw new EngineError(
        `changeByItself(${siid}, ${piid}) "${entry.spec.name}": ${problem}; compute a valid value.`,
      );
    }
    // Sensor ticks also age the duplicate window, so an idle device does not hold old replies.
    if (this.window && this.window.size > 0) this.window.prune(this.clock.now());
    this.assign(entry, value, 'self');
    return this.takeNotifications()[0];
  }

  emitEvent(siid: number, eiid: number): Notification | undefined {
    const event = this.compiled.findEvent(siid, eiid);
    if (!event) return undefined;
    this.emit(event);
    return this.takeNotifications()[0];
  }

  resetState(): void {
    this.values = initialValues(this.compiled, this.setup);
    this.changes = [];
    this.window?.clear();
  }

  snapshot(): readonly StateEntry[] {
    return this.compiled.properties.map((p) => ({
      siid: p.siid,
      piid: p.piid,
      value: this.values[p.slot] as PropertyValue,
    }));
  }

  // EngineContext: what the method handlers see.

  value(entry: PropertyEntry): PropertyValue {
    return this.values[entry.slot] as PropertyValue;
  }

  /** EDP-NOTIFY-1/2: one item per change of a notify property, carrying the new value. */
  assign(entry: PropertyEntry, value: PropertyValue, cause: ChangeCause): void {
    const previous = this.values[entry.slot] as PropertyValue;
    if (sameValue(previous, value)) {
      // fault hook: notify-unchanged
      if (cause === 'write' && entry.notifies && this.fires('notify-unchanged')) this.queueItem(entry, value);
      return;
    }
    this.values[entry.slot] = value;
    if (!entry.notifies) return;
    if (this.faulty) {
      // fault hooks: no-volatile-notify (changes by itself only), missing-notification, stale-notification
      if (cause === 'self' && this.fires('no-volatile-notify')) return;
      if (this.fires('missing-notification')) return;
      if (this.fires('stale-notification')) {
        this.queueItem(entry, previous);
        return;
      }
    }
    this.queueItem(entry, value);
  }

  emit(event: EventEntry): void {
    let args = event.arguments.map((p) => ({ piid: p.piid, value: this.values[p.slot] as PropertyValue }));
    // fault hook: invalid-event-arguments (EDP-NOTIFY-3)
    if (this.fires('invalid-event-arguments')) {
      args = corruptEventArguments(
        args,
        event.arguments.map((p) => p.spec),
      );
    }
    this.changes.push({ siid: event.siid, eiid: event.eiid, arguments: args });
  }

  guardHolds(guard: CompiledGuard | undefined): boolean {
    return guard === undefined || sameValue(this.values[guard.slot], guard.equals);
  }

  fires(name: EngineFaultName): boolean {
    return this.random !== undefined && shouldFire(this.engineFaults, name, this.random);
  }

  checkpoint(): Checkpoint {
    return { values: this.values.slice(), changes: this.changes.length };
  }

  rollback(checkpoint: Checkpoint): void {
    this.values = checkpoint.values.slice();
    this.changes.length = checkpoint.changes;
  }

  private queueItem(entry: PropertyEntry, value: PropertyValue): void {
    this.changes.push({ siid: entry.siid, piid: entry.piid, value });
  }

  private takeNotifications(): readonly Notification[] {
    if (this.changes.length === 0) return SILENT.notifications;
    const notifications = toNotifications(this.changes);
    this.changes = [];
    return notifications;
  }

  private envelopeReply(error: EnvelopeError): Response {
    // fault hook: bad-envelope-code (EDP-RPC-4)
    if (this.fires('bad-envelope-code'))
      return envelopeErrorResponse({ ...error, code: wrongEnvelopeCode(error.code) });
    return envelopeErrorResponse(error);
  }

  private replyFaults(reply: Response): Response {
    let sent = reply;
    // fault hooks: id-as-string (EDP-RPC-1), result-and-error (EDP-RPC-2)
    if (this.fires('id-as-string')) sent = withIdAsString(sent);
    if (this.fires('result-and-error')) sent = withResultAndError(sent);
    return sent;
  }
}

/** FNV-1a of the device id folded into the seed: devices of one fleet draw different streams. */
function mixSeed(seed: number, deviceId: string): number {
  let hash = 0x811c9dc5 ^ (Math.trunc(seed) >>> 0);
  for (let i = 0; i < deviceId.length; i++) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

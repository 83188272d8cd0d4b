/**
 * Checks telemetry notifications as the controllers receive them: each carries a sequence
 * number in its value (../plan/telemetry.ts), so a lost, duplicated or reordered delivery is
 * counted per device, and delivery latency runs from the INTENDED publish time.
 */
import { parseJsonWithin } from '../../src/index.js';
import type { LoadRecorder } from '../measure/recorder.js';
import { SequenceTracker } from '../measure/sequence.js';
import { intendedPublishMs, sequenceOf, type TelemetryProperty } from '../plan/telemetry.js';
import type { SampleSink } from './request-checker.js';

export interface TelemetryDevice {
  /** Index in this shard's device table. */
  readonly slot: number;
  readonly deviceId: string;
  readonly property: TelemetryProperty;
  readonly phaseMs: number;
}

export class NotificationChecker {
  readonly #tracker: SequenceTracker;

  constructor(
    devices: number,
    private readonly periodMs: number,
    private readonly recorder: LoadRecorder,
    private readonly sample: SampleSink,
    /** Telemetry at QoS 1: a repeated update is a redelivery, not a duplicate (default false). */
    private readonly atLeastOnce = false,
  ) {
    this.#tracker = new SequenceTracker(devices);
  }

  /** A notification message for `device` arrived at `nowMs`; items of other properties are not telemetry. */
  received(device: TelemetryDevice, payload: string, nowMs: number): void {
    // The usual message, one item as the devices write it, is read by a bounded scan that
    // accepts only text JSON.parse reads the same way (no escapes, no repeated member).
    const single = payload.length <= SINGLE_ITEM_LIMIT ? SINGLE_ITEM.exec(payload) : null;
    if (single) {
      const { siid, piid } = device.property;
      if (Number(single[1]) === siid && Number(single[2]) === piid)
        this.#item(device, scalar(single[3] as string), nowMs);
      return;
    }
    // Bounded in size and depth (src/bounded-json.ts), like every message read from a device.
    const message = parseJsonWithin(payload) as { method?: unknown; params?: unknown } | undefined;
    if (message === undefined) {
      this.sample({
        kind: 'notify-unknown',
        atMs: nowMs,
        deviceId: device.deviceId,
        detail: `a notification that is not JSON within 65,536 bytes and 32 levels: ${payload.slice(0, 200)}`,
      });
      return;
    }
    if (message?.method !== 'properties_changed' || !Array.isArray(message.params)) return;
    const { siid, piid } = device.property;
    for (const item of message.params as { siid?: unknown; piid?: unknown; value?: unknown }[]) {
      if (item?.siid !== siid || item.piid !== piid) continue;
      this.#item(device, item.value, nowMs);
    }
  }

  /** One item of the device's telemetry property, with `value`. */
  #item(device: TelemetryDevice, value: unknown, nowMs: number): void {
    const sequence = sequenceOf(device.property, value, device.phaseMs, this.periodMs, nowMs);
    if (sequence === undefined) {
      this.sample({
        kind: 'notify-unknown',
        atMs: nowMs,
        deviceId: device.deviceId,
        detail: `telemetry value ${JSON.stringify(value)} was never published`,
      });
      return;
    }
    const intendedMs = intendedPublishMs(device.phaseMs, this.periodMs, sequence);
    const outcome = this.#tracker.receive(device.slot, sequence);
    // QoS 1 delivers at least once: a repeat is a redelivery, neither a loss nor an extra delivery.
    if (outcome === 'duplicate' && this.atLeastOnce) this.recorder.notifyRedelivered();
    else if (outcome === 'duplicate') this.recorder.notifyDuplicated(intendedMs);
    else this.recorder.notifyDelivered(intendedMs, nowMs - intendedMs, outcome === 'reordered');
  }
}

/** Longer messages take the full parse (its size bound decides about them). */
const SINGLE_ITEM_LIMIT = 512;
/**
 * `{"method":"properties_changed","params":[{"siid":S,"piid":P,"value":V}]}` exactly, V a JSON
 * number, boolean or string without escapes or control characters (U+0020 and up, but for the
 * quote and the backslash): a text JSON.parse reads as that one item and nothing else.
 * Anything else (more items, other spacing) is parsed in full.
 */
const SINGLE_ITEM =
  /^\{"method":"properties_changed","params":\[\{"siid":(0|[1-9]\d{0,8}),"piid":(0|[1-9]\d{0,8}),"value":(-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|"[ !#-[\]-\uffff]*")\}\]\}$/;

/** The value of a scalar matched by SINGLE_ITEM, as JSON.parse reads it. */
function scalar(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.charCodeAt(0) === 0x22) return text.slice(1, -1);
  return Number(text);
}

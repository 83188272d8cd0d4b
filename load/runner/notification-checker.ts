/**
 * Checks telemetry notifications as the controllers receive them: each carries a sequence
 * number in its value (../plan/telemetry.ts), so a lost, duplicated or reordered delivery is
 * counted per device, and delivery latency runs from the INTENDED publish time.
 */
import { parseJsonWithin } from '../../src/bounded-json.js';
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
  ) {
    this.#tracker = new SequenceTracker(devices);
  }

  /** A notification message for `device` arrived at `nowMs`; items of other properties are not telemetry. */
  received(device: TelemetryDevice, payload: string, nowMs: number): void {
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
      const sequence = sequenceOf(device.property, item.value, device.phaseMs, this.periodMs, nowMs);
      if (sequence === undefined) {
        this.sample({
          kind: 'notify-unknown',
          atMs: nowMs,
          deviceId: device.deviceId,
          detail: `telemetry value ${JSON.stringify(item.value)} was never published`,
        });
        continue;
      }
      const intendedMs = intendedPublishMs(device.phaseMs, this.periodMs, sequence);
      const outcome = this.#tracker.receive(device.slot, sequence);
      if (outcome === 'duplicate') this.recorder.notifyDuplicated(intendedMs);
      else this.recorder.notifyDelivered(intendedMs, nowMs - intendedMs, outcome === 'reordered');
    }
  }
}

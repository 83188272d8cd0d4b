/**
 * What the load checkers' unit tests set up again and again (load/runner/checkers*.test.ts): a
 * recorder, a sample collector and one checker wired to them, and a telemetry property with the
 * device slot that publishes it.
 */
import { LoadRecorder } from '../../../load/measure/recorder.js';
import { sequenceValue, type TelemetryProperty } from '../../../load/plan/telemetry.js';
import { NotificationChecker } from '../../../load/runner/notification-checker.js';
import { RequestChecker } from '../../../load/runner/request-checker.js';
import { SampleCollector } from '../../../load/runner/samples.js';

/** A float 'power' reading, 0–60 in steps of 0.1: 601 values, so its sequence numbers wrap at 601. */
export const POWER_PROPERTY: TelemetryProperty = {
  siid: 3,
  piid: 1,
  spec: {
    piid: 1,
    name: 'power',
    format: 'float',
    access: ['read', 'notify'],
    range: [0, 60, 0.1],
    volatile: true,
  },
  modulus: 601,
};

/** The device in slot 0 publishing `property` every 250 ms. */
export const telemetryDevice = (property: TelemetryProperty) =>
  ({ slot: 0, deviceId: 'bulb-0001', property, phaseMs: 250 }) as const;

/** A `properties_changed` text carrying sequence number `sequence` of `property`, after `before`. */
export function telemetryText(
  property: TelemetryProperty,
  sequence: number,
  before: readonly object[] = [],
): string {
  return JSON.stringify({
    method: 'properties_changed',
    params: [
      ...before,
      { siid: property.siid, piid: property.piid, value: sequenceValue(property, sequence) },
    ],
  });
}

/** A RequestChecker with a 2 s deadline (at-most-once unless `atLeastOnce`) over a fresh recorder (1 s windows) and sample collector. */
export function requestCheckerRig(options: { atLeastOnce?: boolean } = {}) {
  const recorder = new LoadRecorder(1000);
  const samples = new SampleCollector();
  const checker = new RequestChecker(recorder, 2000, samples.add, undefined, options.atLeastOnce);
  return { recorder, samples, checker };
}

/** A NotificationChecker (1 device, 500 ms period; at-most-once unless `atLeastOnce`) over a fresh recorder and sample collector. */
export function notificationCheckerRig(options: { atLeastOnce?: boolean } = {}) {
  const recorder = new LoadRecorder(1000);
  const samples = new SampleCollector();
  const checker = new NotificationChecker(1, 500, recorder, samples.add, options.atLeastOnce);
  return { recorder, samples, checker };
}

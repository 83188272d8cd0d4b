/**
 * Faults are named, documented switches that make a simulated device break one rule of
 * PROTOCOL.md on purpose (docs/faults.md). They prove that the conformance suites bite:
 * a planted bug is a setting, never a code edit.
 */

/** Faults the pure engine plants (simulators/engine): wrong answers, wrong notifications. */
export const ENGINE_FAULT_NAMES = [
  'accept-out-of-range',
  'accept-off-grid',
  'accept-unlisted-value',
  'accept-off-grid-in',
  'silent-clamp',
  'write-read-only',
  'wrong-item-code',
  'reorder-batch',
  'poisoned-batch',
  'batch-length-mismatch',
  'serve-oversized-batch',
  'missing-notification',
  'stale-notification',
  'notify-unchanged',
  'no-volatile-notify',
  'ignore-when',
  'wrap-as-clamp',
  'effects-out-of-order',
  'duplicate-executes-twice',
  'unresponsive-after-garbage',
  'id-as-string',
  'wrong-value-type',
  'result-and-error',
  'missing-event',
  'invalid-event-arguments',
  'lost-write',
  'wrong-out',
  'unreadable-returns-value',
  'bad-envelope-code',
] as const;

/** Faults the MQTT binding's TLS client plants (section 9): each relaxes one check (device-tls.ts). */
export const TLS_FAULT_NAMES = [
  'accept-any-certificate',
  'skip-name-check',
  'accept-common-name-only',
  'accept-expired',
  'allow-tls-1.1',
  'fall-back-to-plain',
] as const;

/** Faults the bindings plant (MQTT, WebSocket): timing, delivery, connection, presence, TLS. */
export const BINDING_FAULT_NAMES = [
  'reply-latency',
  'drop-replies',
  'duplicate-replies',
  'drop-notifications',
  'notification-latency',
  'disconnect-clean',
  'disconnect-abrupt',
  'garbage-frames',
  'late-replies',
  'no-will',
  'state-lost-on-reconnect',
  'acl-violation',
  'no-presence',
  'wrong-presence-model',
  'ws-no-hello',
  'ws-accept-bad-token',
  'ws-notify-one-controller',
  'ws-cross-replies',
  ...TLS_FAULT_NAMES,
] as const;

export type EngineFaultName = (typeof ENGINE_FAULT_NAMES)[number];
export type BindingFaultName = (typeof BINDING_FAULT_NAMES)[number];
export type TlsFaultName = (typeof TLS_FAULT_NAMES)[number];
export type FaultName = EngineFaultName | BindingFaultName;

export type FaultLayer = 'engine' | 'binding';

export interface FaultDefinition {
  readonly name: FaultName;
  /** Where the fault is planted: the pure engine, or a binding (MQTT / WebSocket). */
  readonly layer: FaultLayer;
  /** The rule ID the fault breaks (PROTOCOL.md section 4, 5 or 6), e.g. `EDP-PROP-4`. */
  readonly breaks: string;
  /** What the device does wrong, in words a partner can read. */
  readonly description: string;
  /**
   * Whether a rate means something: the fault then fires at each opportunity (a write, a
   * reply, a change…) with that probability. Faults without a rate are simply on.
   */
  readonly takesRate: boolean;
}

/** One fault switched on: `rate` in 0..1 is the chance it fires at each opportunity (default 1). */
export interface FaultSetting {
  readonly name: FaultName;
  readonly rate: number;
}

/** The faults a device runs with; empty for a conformant device. */
export type FaultPlan = readonly FaultSetting[];

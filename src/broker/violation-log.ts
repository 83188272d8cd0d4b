/**
 * Where the broker records every ACL refusal, so the conformance suite can judge EDP-MQTT-3 for a
 * device it does not drive (`--listen` mode). Injected; the default keeps the newest entries in memory.
 */
import type { AclAction } from './acl.js';

export interface AclViolation {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly clientId: string;
  readonly username: string;
  readonly principal: 'device' | 'controller';
  /** The device's id when a device was refused. */
  readonly deviceId?: string;
  readonly action: AclAction;
  /** The topic (publish) or filter (subscribe) refused. */
  readonly topic: string;
  readonly reason: string;
  /** `EDP-MQTT-3` when a device reached outside its own tree. */
  readonly rule?: 'EDP-MQTT-3';
}

export interface AclViolationLog {
  record(violation: AclViolation): void;
  /** Oldest first. */
  list(): readonly AclViolation[];
  forDevice(deviceId: string): readonly AclViolation[];
  clear(): void;
}

export interface MemoryViolationLogOptions {
  /** Entries kept; older ones are dropped first. Default 10,000 (a misbehaving fleet must not exhaust memory). */
  readonly limit?: number;
}

export function createMemoryViolationLog(options: MemoryViolationLogOptions = {}): AclViolationLog {
  const limit = options.limit ?? 10_000;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`violation log limit must be >= 1, got ${limit}`);
  let entries: AclViolation[] = [];
  return {
    record(violation) {
      entries.push(violation);
      // Trim in batches so a flood costs amortised O(1) per entry.
      if (entries.length > limit * 2) entries = entries.slice(-limit);
    },
    list: () => (entries.length > limit ? entries.slice(-limit) : entries.slice()),
    forDevice: (deviceId) => entries.slice(-limit).filter((entry) => entry.deviceId === deviceId),
    clear() {
      entries = [];
    },
  };
}

/**
 * The devices of a run: ids from the fleet mix, a connect order (a seeded shuffle, so every
 * prefix mixes the device kinds as the whole fleet does), and the shard and controller that
 * own each position. Pure and deterministic: every shard computes the same plan.
 */
import type { FleetEntry } from '../scenario/types.js';
import { STREAM, streamFor } from './derive.js';

export interface PlannedDevice {
  /** Position in the connect order, over the whole run (all shards). */
  readonly position: number;
  readonly id: string;
  /** Index of its entry in the scenario's fleet list. */
  readonly entry: number;
  readonly type: string;
  /** Its index within its type, from 1 (the number in its id). */
  readonly index: number;
}

/** `<prefix><type>-<index>`, the index from 1, zero-padded to at least 4 digits. */
export function deviceId(prefix: string, type: string, index: number, count: number): string {
  const width = Math.max(4, String(count).length);
  return `${prefix}${type}-${String(index + 1).padStart(width, '0')}`;
}

/** Every device of the fleet, in connect order. */
export function planDevices(fleet: readonly FleetEntry[], idPrefix: string, seed: number): PlannedDevice[] {
  const all: { id: string; entry: number; type: string; index: number }[] = [];
  fleet.forEach((entry, entryIndex) => {
    for (let i = 0; i < entry.count; i++) {
      all.push({
        id: deviceId(idPrefix, entry.type, i, entry.count),
        entry: entryIndex,
        type: entry.type,
        index: i + 1,
      });
    }
  });
  const random = streamFor(seed, STREAM.order, 0);
  for (let i = all.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const swap = all[i] as (typeof all)[number];
    all[i] = all[j] as (typeof all)[number];
    all[j] = swap;
  }
  return all.map((device, position) => ({ position, ...device }));
}

export interface ShardSpec {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE_RUN: ShardSpec = Object.freeze({ index: 0, count: 1 });

/** Positions are dealt round-robin, so every shard ramps at rate / count and holds an even mix. */
export function shardOf(position: number, shards: number): number {
  return position % shards;
}

/** Each shard's controllers share its positions round-robin too. */
export function controllerOf(position: number, shards: number, controllers: number): number {
  return Math.floor(position / shards) % controllers;
}

/** `"2/4"` → shard index 2 of 4 (0-based, as Kubernetes' JOB_COMPLETION_INDEX). */
export function parseShard(text: string): { ok: true; shard: ShardSpec } | { ok: false; problem: string } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match)
    return { ok: false, problem: `"${text}" is not a shard; write I/N, e.g. 0/4 (I from 0 to N−1)` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) return { ok: false, problem: `shard count must be at least 1, got ${count}` };
  if (index >= count)
    return {
      ok: false,
      problem: `shard index ${index} is not below the count ${count}; indexes run from 0 to ${count - 1}`,
    };
  return { ok: true, shard: { index, count } };
}

/**
 * Independent random streams keyed by (seed, purpose, index): request k's choices depend on
 * k alone, never on how many requests came before it, so a shard can compute any slice of
 * the schedule and the union of all shards is exactly one run.
 */
import { createRandom, type Random } from '../../src/index.js';

/** Purposes, so streams for different choices never coincide. */
export const STREAM = {
  order: 1,
  request: 2,
  telemetryPhase: 3,
  requestIds: 4,
  hubCommand: 5,
  hubTelemetry: 6,
  hubFlap: 7,
} as const;

/** A well-mixed 32-bit seed from three integers (murmur3 finaliser over a running hash). */
export function deriveSeed(seed: number, purpose: number, index: number): number {
  let h = Math.trunc(seed) >>> 0;
  h = mix(h ^ Math.imul(purpose >>> 0, 0x9e3779b1));
  h = mix(h ^ (index >>> 0));
  // Indexes beyond 2^32 still get their own stream.
  h = mix(h ^ Math.floor(index / 0x1_0000_0000));
  return h >>> 0;
}

export function streamFor(seed: number, purpose: number, index: number): Random {
  return createRandom(deriveSeed(seed, purpose, index));
}

/** A uniform float in [0, 1) for (seed, purpose, index), without building a generator. */
export function uniformAt(seed: number, purpose: number, index: number): number {
  return deriveSeed(seed, purpose, index) / 0x1_0000_0000;
}

function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

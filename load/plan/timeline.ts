/**
 * The connection timeline a scenario's stages describe. Devices connect in a fixed order
 * (position 0, 1, 2…) and ramps down disconnect the most recent first, so at any time the
 * connected devices are a prefix of that order: the whole plan is one piecewise-linear count.
 * After the last stage every device stays connected for a drain period (the response
 * deadline) so that the last requests can be answered, then the run ends.
 */

import type { Stage } from '../scenario/types.js';
import { resolveTarget } from '../scenario/validate-parts.js';

export interface Segment {
  readonly kind: Stage['kind'];
  readonly startMs: number;
  readonly endMs: number;
  /** Connected devices at the start and the end of the segment. */
  readonly from: number;
  readonly to: number;
  /** Devices per millisecond (ramps). */
  readonly perMs: number;
}

export interface Timeline {
  readonly segments: readonly Segment[];
  /** End of the last stage: no request or telemetry is scheduled at or after it. */
  readonly stagesEndMs: number;
  /** End of the run: stages, then the drain. */
  readonly endMs: number;
  /** Devices the plan ever connects at once. */
  readonly peak: number;
}

/** An online session of one position: connected at `connectMs`, disconnected at `disconnectMs`. */
export interface Session {
  readonly connectMs: number;
  readonly disconnectMs: number;
}

export function planTimeline(stages: readonly Stage[], fleetSize: number, drainMs: number): Timeline {
  const segments: Segment[] = [];
  let at = 0;
  let connected = 0;
  let peak = 0;
  for (const stage of stages) {
    if (stage.kind === 'hold') {
      segments.push({
        kind: 'hold',
        startMs: at,
        endMs: at + stage.durationMs,
        from: connected,
        to: connected,
        perMs: 0,
      });
      at += stage.durationMs;
      continue;
    }
    const target = Math.min(fleetSize, resolveTarget(stage.to, fleetSize));
    const perMs = stage.ratePerS / 1000;
    const durationMs = Math.abs(target - connected) / perMs;
    segments.push({
      kind: stage.kind,
      startMs: at,
      endMs: at + durationMs,
      from: connected,
      to: target,
      perMs,
    });
    at += durationMs;
    connected = target;
    peak = Math.max(peak, connected);
  }
  return { segments, stagesEndMs: at, endMs: at + drainMs, peak };
}

/** When position `p` connects (ramp up) or disconnects (ramp down) within a segment. */
export function eventTimeMs(segment: Segment, position: number): number {
  return segment.kind === 'ramp-up'
    ? segment.startMs + (position - segment.from) / segment.perMs
    : segment.startMs + (segment.from - 1 - position) / segment.perMs;
}

/** Devices connected at `t` by the plan (0 before the start and after the end). */
export function connectedAt(timeline: Timeline, t: number): number {
  if (t < 0 || t >= timeline.endMs) return 0;
  for (const segment of timeline.segments) {
    if (t >= segment.endMs) continue;
    if (segment.kind === 'hold' || t < segment.startMs) return segment.from;
    // Position p has changed once its event time is <= t (the same formula as eventTimeMs).
    const changed = Math.min(
      Math.abs(segment.to - segment.from),
      Math.floor((t - segment.startMs) * segment.perMs + 1e-9) + 1,
    );
    return segment.kind === 'ramp-up' ? segment.from + changed : segment.from - changed;
  }
  const last = timeline.segments[timeline.segments.length - 1];
  return last ? last.to : 0;
}

/**
 * Devices that can be addressed at `t`: connected by the plan throughout
 * [t − settleMs, t + holdMs] (settled after connecting, and staying up long enough to answer).
 * Since connected devices are a prefix, that is the minimum count over the window.
 */
export function availableAt(timeline: Timeline, t: number, settleMs: number, holdMs: number): number {
  const from = t - settleMs;
  const to = t + holdMs;
  let least = Math.min(connectedAt(timeline, from), connectedAt(timeline, to));
  for (const segment of timeline.segments) {
    const start = segment.startMs;
    const end = segment.endMs;
    if (start > from && start < to) least = Math.min(least, connectedAt(timeline, start));
    if (end > from && end < to) least = Math.min(least, connectedAt(timeline, end));
  }
  return least;
}

/** Every online session of position `p`, in time order; the last one ends with the run. */
export function sessionsOf(timeline: Timeline, position: number): Session[] {
  const sessions: Session[] = [];
  let connectMs: number | undefined;
  for (const segment of timeline.segments) {
    if (segment.kind === 'ramp-up' && position >= segment.from && position < segment.to) {
      connectMs = eventTimeMs(segment, position);
    } else if (
      segment.kind === 'ramp-down' &&
      position >= segment.to &&
      position < segment.from &&
      connectMs !== undefined
    ) {
      sessions.push({ connectMs, disconnectMs: eventTimeMs(segment, position) });
      connectMs = undefined;
    }
  }
  if (connectMs !== undefined) sessions.push({ connectMs, disconnectMs: timeline.endMs });
  return sessions;
}

/**
 * The fleet's presence in a legal hub history, played first so every later choice knows the
 * whole timeline: offline (graceful or abrupt) and comeback steps change a device's presence,
 * and the hub's view takes each change 0..1.5 s later, never before an earlier one (EDP-HUB-4).
 */
import { Draws, type Script } from './hub-history-script.js';
import type { LegalHubWorld, PresenceChange } from './legal-hub-world.js';

/**
 * A freedom fleetcert's own process brings (issue 18): its loop stalls `stallMs` just after the
 * first comeback, so the broker in it passes that `state` message to the hub only after the stall
 * (and the hub's usual latency). The stall is in the run's lateness samples, as a session records it.
 */
export interface HeldBackComeback {
  readonly stallMs: number;
}

export interface PresenceTimeline {
  /** When each script step happens. */
  readonly times: readonly number[];
  /** The time of the last step. */
  readonly lastMs: number;
  readonly stall: { readonly atMs: number; readonly ms: number } | undefined;
}

export function playPresence(
  world: LegalHubWorld,
  script: Script,
  heldBack?: HeldBackComeback,
): PresenceTimeline {
  const { fleetIds, devices, presence } = world;
  const times: number[] = [];
  let stall: { atMs: number; ms: number } | undefined;
  let t = 100;
  for (const step of script.steps) {
    t += step.gapMs;
    times.push(t);
    if (step.kind !== 'offline' && step.kind !== 'comeback') continue;
    const d = new Draws(step.r);
    const deviceId = fleetIds[step.device % fleetIds.length] as string;
    const changes = presence.get(deviceId) as PresenceChange[];
    const lastLearned = changes.at(-1)?.learnedMs ?? 0;
    const change = (online: boolean, cause: 'connect' | 'graceful' | 'abrupt') => {
      devices.get(deviceId)?.sent.push({ kind: 'presence', atMs: t, online, cause });
      const held = heldBack !== undefined && stall === undefined && online;
      if (held) stall = { atMs: t, ms: heldBack.stallMs };
      const passedOnMs = t + (held ? heldBack.stallMs : 0);
      changes.push({ atMs: t, online, learnedMs: Math.max(lastLearned, passedOnMs + d.between(0, 1_500)) });
    };
    if (step.kind === 'offline' && world.deviceOnline(deviceId, t))
      change(false, d.next() < 0.5 ? 'graceful' : 'abrupt');
    if (step.kind === 'comeback' && !world.deviceOnline(deviceId, t)) change(true, 'connect');
  }
  return { times, lastMs: t, stall };
}

/**
 * What devices did just before a legal history's session began (issue 18): the fleet reset
 * between sessions, or start-up, leaves presence changes (an offline, graceful or abrupt, then a
 * comeback, within the last 1.9 s) and notifications (within the last 1 s) that a legal hub may
 * still be holding when the session starts. The hub takes each presence change 0..1.5 s after
 * the device made it and a notification 0..0.8 s after (legal-deliveries.ts), and checks a
 * connection's subscription when it SENDS, so they may reach connections that subscribed since
 * (docs/protocol.md section 8, "A notification in flight at a subscription change").
 * A device online since start-up is online long before the session instead, out of any window.
 */
import { Draws, type Script } from './hub-history-script.js';
import type { SentNotification } from './legal-deliveries.js';
import type { LegalHubWorld } from './legal-hub-world.js';

/** Long before the session: a change this old is out of every window. */
const LONG_BEFORE_MS = -10_000;

/** Plays each device's pre-session moments into the world; returns the notifications it sent (oldest first). */
export function playPreSession(world: LegalHubWorld, script: Script, startMs: number): SentNotification[] {
  const notifications: SentNotification[] = [];
  world.fleetIds.forEach((deviceId, i) => {
    const pre = script.preSession[i];
    const changes = world.presence.get(deviceId);
    const sent = world.devices.get(deviceId)?.sent;
    // Only devices online when the session starts (not those that appear during it).
    if (pre === undefined || changes?.[0] === undefined || sent?.[0] === undefined) return;
    const d = new Draws(pre.r);
    changes[0] = { ...changes[0], atMs: LONG_BEFORE_MS, learnedMs: LONG_BEFORE_MS };
    sent[0] = { kind: 'presence', atMs: LONG_BEFORE_MS, online: true, cause: 'connect' };
    if (pre.bounce) {
      const offAt = startMs - d.between(300, 1_900);
      const onAt = offAt + d.between(0, startMs - offAt - 1);
      const offLearned = offAt + d.between(0, 1_500);
      const onLearned = Math.max(offLearned, onAt + d.between(0, 1_500));
      sent.push({ kind: 'presence', atMs: offAt, online: false, cause: pre.abrupt ? 'abrupt' : 'graceful' });
      sent.push({ kind: 'presence', atMs: onAt, online: true, cause: 'connect' });
      changes.push({ atMs: offAt, online: false, learnedMs: offLearned });
      changes.push({ atMs: onAt, online: true, learnedMs: onLearned });
    }
    for (let k = 0; k < pre.notifications; k++) {
      const at = startMs - d.between(1, 990);
      if (!world.deviceOnline(deviceId, at)) continue;
      const params = [{ siid: 2, piid: 2, value: Math.floor(d.next() * 4) }];
      sent.push({ kind: 'notification', atMs: at, method: 'properties_changed', params });
      notifications.push({ deviceId, atMs: at, method: 'properties_changed', params, lost: false });
    }
  });
  return notifications.sort((a, b) => a.atMs - b.atMs);
}

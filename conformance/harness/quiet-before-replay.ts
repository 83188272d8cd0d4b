/**
 * A replay may start seconds after the certification that printed it, in a new process, while the
 * device is still sending that certification's late items and events. Over MQTT they reach every
 * controller, this one too, and a replayed request would take such an item as its own: a partner's
 * replay of a device whose events came 2 s late passed once that way (issue 18, partner5). So
 * before the replayed session the harness waits until the device has sent nothing for a response
 * deadline plus a notification window, bounded. Items of volatile properties change by themselves
 * and never end, so they do not count as noise here; a device that keeps talking past the bound is
 * replayed anyway (what it still sends late is then judged as any other stray).
 */
import { decodeDeviceMessage } from '../../src/protocol/index.js';
import type { HarnessContext } from './harness-context.js';
import { wakeableWait } from './wakeable-wait.js';

/** However noisy a device, a replay waits no longer than this for it to go quiet. */
export const LONGEST_QUIET_WAIT_MS = 10_000;

/** Resolves once the link has carried no non-volatile item or event for the quiet time (or at the bound). */
export async function quietBeforeReplay(ctx: HarnessContext, signal?: AbortSignal): Promise<void> {
  const { link, timing, index } = ctx;
  const quietMs = timing.responseDeadlineMs + timing.notificationDeadlineMs;
  const endMs = link.now() + LONGEST_QUIET_WAIT_MS;
  let lastNoiseMs = link.now();
  const wait = wakeableWait(signal);
  const unsubscribe = link.onFrame((frame) => {
    const message = decodeDeviceMessage(frame.payload, frame.binary === true ? { binary: true } : {});
    if (message.kind !== 'notification') return;
    const n = message.notification;
    const noise =
      n.method === 'event_occurred' ||
      (n.method === 'properties_changed' &&
        n.params.some((item) => index.property(item.siid, item.piid)?.volatile !== true));
    if (!noise) return;
    lastNoiseMs = frame.atMs;
    wait.wake();
  });
  try {
    await wait.until(() => Math.min(lastNoiseMs + quietMs, endMs) - link.now());
  } finally {
    unsubscribe();
  }
}

/**
 * Before a failure is replayed against the same device (to see it reproduce), the late items
 * (and late emitted events) of the runs before it must have come: else the replay's own requests take them as their items
 * and a replay of a device 2 s late passes (issue 18: "seen, not reproduced" while the
 * partner's own rerun of the printed replay failed again). Waits while earlier runs' changes
 * still owe items (HarnessContext.overdue), taking each as it comes, until none is owed or the
 * device has been quiet for the deadlines plus the longest lateness seen; what is still owed then
 * is forgotten (those items are taken never to come, and must not claim the replay's own).
 */
import { decodeDeviceMessage } from '../../src/protocol/index.js';
import { eventOwedKey } from '../judge/overdue-changes.js';
import type { HarnessContext } from './harness-context.js';
import { judgeClock } from './judge-lateness.js';
import { wakeableWait } from './wakeable-wait.js';

/** However late a device, a replay waits no longer than this for earlier runs' items. */
const LONGEST_WAIT_MS = 30_000;

export async function drainLateItems(ctx: HarnessContext, signal?: AbortSignal): Promise<void> {
  const { overdue, timing, link, index } = ctx;
  const clock = judgeClock(() => link.now());
  const aborted = () => signal?.aborted === true;
  if (overdue.size === 0 || aborted()) return;
  const quietMs =
    timing.responseDeadlineMs + timing.notificationDeadlineMs + 2 * overdue.mostLatePastDeadlineMs;
  const endMs = link.now() + LONGEST_WAIT_MS;
  let lastFrameMs = link.now();
  const wait = wakeableWait(signal);
  const unsubscribe = link.onFrame((frame) => {
    lastFrameMs = frame.atMs;
    const message = decodeDeviceMessage(frame.payload, frame.binary === true ? { binary: true } : {});
    // On the judge's clock, as deadlines are: how late it came is then told right (late-arrival-text.ts).
    const atMs = clock.at(frame.atMs);
    const n = message.kind === 'notification' ? message.notification : undefined;
    if (n?.method === 'properties_changed')
      for (const item of n.params) {
        const property = index.property(item.siid, item.piid);
        if (property !== undefined) overdue.take(property.key, item.value, undefined, atMs);
      }
    else if (n?.method === 'event_occurred') {
      const event = index.event(n.params.siid, n.params.eiid);
      if (event !== undefined)
        overdue.take(eventOwedKey(event.siid, event.spec.eiid), n.params, undefined, atMs);
    }
    wait.wake();
  });
  try {
    await wait.until(() => (overdue.size > 0 ? Math.min(lastFrameMs + quietMs, endMs) - link.now() : 0));
  } finally {
    unsubscribe();
  }
  // What has not come by now is taken never to come: it must not claim the replay's own items.
  if (!aborted()) overdue.clear();
}

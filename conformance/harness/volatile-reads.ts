/**
 * What the harness shows the volatile-change watch (judge/volatile-change-watch.ts, EDP-NOTIFY-1):
 * every properties_changed item the link carries, for the whole certification (between runs
 * too, so no item is missed and no pair of reads is blamed for an item the harness did not
 * look at), and the values get_properties responses returned, with when they were asked and
 * answered. Times are on the judge's clock, like every other notification deadline.
 */
import { decodeDeviceMessage } from '../../src/protocol/index.js';
import type { VolatileChangeWatch } from '../judge/volatile-change-watch.js';
import type { DeviceLink } from './device-link.js';
import { judgeClock } from './judge-lateness.js';

/** Feeds every item the link receives to `watch`; returns the unsubscribe function. */
export function watchVolatileItems(link: DeviceLink, watch: VolatileChangeWatch): () => void {
  const clock = judgeClock(() => link.now());
  return link.onFrame((frame) => {
    const message = decodeDeviceMessage(frame.payload, frame.binary === true ? { binary: true } : {});
    if (message.kind !== 'notification' || message.notification.method !== 'properties_changed') return;
    const atMs = clock.at(frame.atMs);
    for (const item of message.notification.params) watch.item(item.siid, item.piid, atMs);
  });
}

/** A request and its response, as a run saw them. */
export interface AnsweredRead {
  readonly frame: string | Uint8Array;
  readonly response: unknown;
  readonly sentAtMs: number;
  readonly respondedAtMs: number;
  readonly ref?: number;
  readonly owner: unknown;
}

/** Request ids whose reads each watch has taken: an id answered again is a stored answer, not a new sample. */
const readIds = new WeakMap<VolatileChangeWatch, Set<unknown>>();

/** Gives `watch` the values a get_properties request read (items answered with code 0). */
export function noteVolatileReads(watch: VolatileChangeWatch, answered: AnsweredRead): void {
  if (typeof answered.frame !== 'string') return;
  let request: unknown;
  try {
    request = JSON.parse(answered.frame);
  } catch {
    return;
  }
  const ids = readIds.get(watch) ?? new Set<unknown>();
  readIds.set(watch, ids);
  const id = (request as { id?: unknown } | null)?.id;
  if (ids.has(id)) return;
  ids.add(id);
  const method = (request as { method?: unknown } | null)?.method;
  const result = (answered.response as { result?: unknown } | null)?.result;
  if (method !== 'get_properties' || !Array.isArray(result)) return;
  for (const item of result) {
    if (item === null || typeof item !== 'object') continue;
    const { siid, piid, code, value } = item as Record<string, unknown>;
    if (code !== 0 || value === undefined || typeof siid !== 'number' || typeof piid !== 'number') continue;
    watch.read(siid, piid, {
      value,
      sentAtMs: answered.sentAtMs,
      respondedAtMs: answered.respondedAtMs,
      owner: answered.owner,
      ...(answered.ref === undefined ? {} : { ref: answered.ref }),
    });
  }
}

/**
 * Turning the changes one request caused into notification messages (EDP-NOTIFY-1/2):
 * property items in the order of their changes, grouped up to 16 per `properties_changed`,
 * and each event as its own `event_occurred` at the point it happened between them.
 */

import type { EventOccurredParams, Notification, PropertyChangedItem } from '../../src/protocol/index.js';
import { MAX_BATCH_ITEMS } from '../../src/protocol/index.js';

/** A change queued while serving a request: a property item, or an event. */
export type QueuedChange = PropertyChangedItem | EventOccurredParams;

const NONE: readonly Notification[] = Object.freeze([]);

export function toNotifications(changes: readonly QueuedChange[]): readonly Notification[] {
  if (changes.length === 0) return NONE;
  const messages: Notification[] = [];
  let items: PropertyChangedItem[] = [];
  const flush = () => {
    if (items.length > 0) messages.push({ method: 'properties_changed', params: items });
    items = [];
  };
  for (const change of changes) {
    if ('eiid' in change) {
      flush();
      messages.push({ method: 'event_occurred', params: change });
      continue;
    }
    items.push(change);
    if (items.length === MAX_BATCH_ITEMS) flush();
  }
  flush();
  return messages;
}

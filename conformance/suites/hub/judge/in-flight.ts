/**
 * Items "in flight at the session's start" (issue 18, docs/protocol.md section 8: "A notification
 * in flight at a subscription change": delivering it is accepted): what a device sent, or a
 * presence change it made, in the window before the session began (the fleet reset between
 * sessions, or start-up). A legal hub may still be holding it (notifications up to 1 s, presence
 * up to 2 s) and may check a connection's subscription when it sends rather than when the item
 * arrived, so it may reach a connection that subscribed after the item was sent.
 *
 * Such an item is never owed to anyone (skipped at no cost); a delivery it explains is legal
 * when the connection was (possibly) subscribed to the device at some moment of the item's
 * window (the most charitable reading: that covers "subscribed when it was delivered" for every
 * delivery in time); otherwise it is a stray delivery (EDP-HUB-3).
 */
import type { HubRunRecord } from '../hub-run-record.js';
import type { Coverage, SubscriptionTimeline } from './subscriptions.js';

/** Rounding between the device's record and the session's clock (one clock), as deliveries.ts allows. */
const CLOCK_TOLERANCE_MS = 2;

/**
 * Whether an item sent at `atMs` is in flight at the session's start: before it, and its window
 * (widened by the judge's own lateness, as in-session windows are) not yet over when it began.
 */
export function inFlightAtStart(
  record: HubRunRecord,
  atMs: number,
  windowMs: number,
  lateBetween: (fromMs: number, toMs: number) => number,
): boolean {
  return (
    atMs < record.startMs &&
    record.startMs <= atMs + windowMs + CLOCK_TOLERANCE_MS + lateBetween(atMs, atMs + windowMs)
  );
}

/**
 * Coverage of an in-flight item sent at `atMs` for `connection`: 'maybe' (deliverable, never owed)
 * when the connection may have been subscribed to the device at some moment while it was open in
 * the item's window `[atMs, atMs + windowMs + late]`, 'no' when it never was.
 */
export function inFlightCoverage(
  record: HubRunRecord,
  subscriptions: SubscriptionTimeline,
  connection: string,
  deviceId: string,
  atMs: number,
  windowEndMs: number,
): Coverage {
  const c = record.connections.find((x) => x.name === connection);
  const fromMs = Math.max(atMs, c?.openedAtMs ?? atMs);
  const toMs = Math.min(windowEndMs, c?.closedAtMs ?? windowEndMs);
  if (c === undefined || fromMs > toMs) return 'no';
  return subscriptions.coverage(connection, deviceId, fromMs, toMs) === 'no' ? 'no' : 'maybe';
}

/**
 * A device exchange as the judge sees it: what the harness sent, one request at a time, and the
 * frames the device sent back, each with the time it arrived. Plain data, so mutators can break
 * one rule by editing it.
 */
import type { RequestBody } from '../../../conformance/judge/predict-request.js';

export interface SentRequest {
  readonly kind: 'sent';
  readonly atMs: number;
  readonly id: number;
  /** What the frame carries (a repeat's body may differ from the original's). */
  readonly body: RequestBody | { readonly method: string; readonly params: unknown };
  /** The index (in `steps`) of the request whose id this one repeats (EDP-RPC-5). */
  readonly repeats?: number;
}

export interface ReceivedFrame {
  readonly kind: 'received';
  readonly atMs: number;
  readonly frame: string;
  /** The index (in `steps`) of the request whose response or notification this is (for mutators; the judge never reads it). */
  readonly of?: number;
  /** The change or event of that request it carries (for mutators). */
  readonly role: 'response' | 'items' | 'event' | 'spontaneous';
  /** For a properties_changed message: the step each item's change belongs to (for mutators). */
  readonly itemSteps?: readonly number[];
}

export type HistoryEntry = SentRequest | ReceivedFrame;

export interface DeviceHistory {
  /** In time order; at equal times a request comes before what arrives then. */
  readonly entries: readonly HistoryEntry[];
  /** Readable, non-volatile values the harness read before the history (a run's setup): `siid.piid` → value. */
  readonly initial: Readonly<Record<string, unknown>>;
}

export const RESPONSE_DEADLINE_MS = 2000;
export const NOTIFICATION_DEADLINE_MS = 1000;

/** Entries sorted by time, requests first at equal times (a stable sort keeps each frame's order). */
export function inTimeOrder(entries: readonly HistoryEntry[]): HistoryEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.atMs - b.e.atMs || rank(a.e) - rank(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

function rank(e: HistoryEntry): number {
  return e.kind === 'sent' ? 0 : 1;
}

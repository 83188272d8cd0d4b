/**
 * Where the fleet's records cannot be the judge. A device answers only what it received, so an
 * answer whose request is not in its records proves the records lost something; a recorder past
 * its cap says so itself (DeviceRecords.incompleteFromMs). A session with a gap in any device's
 * records reaches no verdict: a missing record is never read as something the hub did not do
 * (the most charitable reading), and what is left cannot prove a pass either (issue 18,
 * bench:judge: the outside hub, seed 68, was failed on EDP-HUB-1 because bulb-0002's record
 * lacked a `get_properties` the app had the device's answer to).
 */
import type { DeviceRecords } from '../fleet-port.js';
import type { HubRunRecord } from '../hub-run-record.js';

export interface EvidenceGap {
  readonly deviceId: string;
  /** From when on the device's records may lack something. */
  readonly fromMs: number;
}

/**
 * The time of the first answer the device sent at `fromMs` or later whose request is nowhere in
 * its records (a response carries its request's id: EDP-RPC-1); none: undefined. Read on the
 * device's whole records, so a request received before a session is found for its late answer.
 */
export function unrecordedRequestAt(records: DeviceRecords, fromMs: number): number | undefined {
  let ids: Set<unknown> | undefined;
  for (const m of records.sent) {
    if (m.kind !== 'response' || m.atMs < fromMs) continue;
    // An answer to a frame without a usable id (`id: null`) names no request to look for.
    if (typeof m.requestId !== 'number' && typeof m.requestId !== 'string') continue;
    ids ??= new Set(records.received.map((r) => r.id));
    if (!ids.has(m.requestId)) return m.atMs;
  }
  return undefined;
}

/** Devices whose records are incomplete within the run (before its end), in fleet order. */
export function evidenceGaps(record: HubRunRecord): EvidenceGap[] {
  const gaps: EvidenceGap[] = [];
  for (const [deviceId, records] of record.devices) {
    const fromMs = records.incompleteFromMs;
    if (fromMs !== undefined && fromMs <= record.endMs) gaps.push({ deviceId, fromMs });
  }
  return gaps;
}

export function describeEvidenceGaps(gaps: readonly EvidenceGap[], startMs: number): string {
  return gaps
    .map((g) => `${g.deviceId}'s records are incomplete from ${Math.round(g.fromMs - startMs)} ms`)
    .join('; ');
}

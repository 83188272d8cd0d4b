/**
 * EDP-HUB-5 for `devices.list`: exactly the granted devices, sorted by deviceId, offline ones
 * included; `model` the model id last seen, or null when never seen; `online` the hub's view
 * (either value while presence is changing). For `"*"`: every fleet device, and ghost ids
 * (granted to other tokens, never seen) may be listed or not.
 */
import type { ResolvedHubTimeouts } from '../hub-certify-config.js';
import type { AppRequest, HubRunRecord } from '../hub-run-record.js';
import { type AppResponse, describeResponse } from './app-messages.js';
import { onlineAt, presenceChanges, presenceHeard, presenceUncertain, recordsOf } from './device-view.js';
import { accessOf } from './grants.js';
import { type HubViolation, hubViolation } from './hub-violation.js';
import { judgeLateBetween } from './judge-late.js';

export function judgeList(
  record: HubRunRecord,
  request: AppRequest,
  response: AppResponse,
  t: ResolvedHubTimeouts,
): HubViolation[] {
  const grant = record.grants.get(request.app);
  const fail = (expected: string) => [
    hubViolation(
      'EDP-HUB-5',
      `${request.command}: ${expected}`,
      `the app got ${describeResponse(response)}`,
      {
        lane: request.connection,
        atMs: response.frame.atMs,
      },
    ),
  ];
  if (!response.hasResult || !Array.isArray(response.result))
    return fail('a result listing the granted devices as { deviceId, model, online }');
  const items = response.result as unknown[];
  const ids: string[] = [];
  for (const item of items) {
    if (
      typeof item !== 'object' ||
      item === null ||
      typeof (item as { deviceId?: unknown }).deviceId !== 'string'
    )
      return fail('every item { deviceId, model, online }');
    ids.push((item as { deviceId: string }).deviceId);
  }
  const sorted = [...ids].sort();
  if (ids.some((id, i) => id !== sorted[i])) return fail('items sorted by deviceId');
  if (new Set(ids).size !== ids.length) return fail('each granted device once');
  // For "*": every fleet device the hub has surely seen by then (a device that appears later, or
  // just now, is not yet one it must know); a list grant names its devices outright. "Surely":
  // the presence window after fleetcert's process could pass the device's presence on (a stall
  // of the process, broker in it, holds it back as long).
  const seenBy = (id: string, atMs: number) =>
    presenceChanges(recordsOf(record, id)).some((c) => c.online && c.atMs <= atMs);
  const surelySeenBy = (id: string, atMs: number) =>
    presenceChanges(recordsOf(record, id)).some(
      (c) => c.online && c.atMs + t.presenceMs + judgeLateBetween(record, c.atMs, atMs) <= atMs,
    );
  const required =
    grant === '*' ? record.fleetIds.filter((id) => surelySeenBy(id, request.sentAtMs)) : [...(grant ?? [])];
  const missing = required.filter((id) => !ids.includes(id));
  if (missing.length > 0)
    return fail(`every granted device listed, offline ones included (missing ${missing.join(', ')})`);
  const extra = ids.filter(
    (id) =>
      !required.includes(id) &&
      accessOf(record, request.app, id) !== 'either' &&
      !(grant === '*' && seenBy(id, response.frame.atMs)),
  );
  if (extra.length > 0) return fail(`only the granted devices (not ${extra.join(', ')})`);
  for (const item of items as { deviceId: string; model?: unknown; online?: unknown }[]) {
    const id = item.deviceId;
    const changes = presenceChanges(recordsOf(record, id));
    const seenBefore = changes.some((c) => c.online && c.atMs < request.sentAtMs);
    // The hub learns of a presence up to the presence window after the device sends it (or by the
    // time an app heard of it): a device that appeared just before may still be listed with null.
    const heard = presenceHeard(record, id, t.presenceMs);
    // Measured from when the judge's process (broker and fleet in it) could have passed it on.
    const late = (fromMs: number, toMs: number) => judgeLateBetween(record, fromMs, toMs);
    const surelySeen = changes.some(
      (c) =>
        c.online &&
        (c.atMs <= request.sentAtMs - t.presenceMs - late(c.atMs, request.sentAtMs) ||
          (heard(c) ?? Number.POSITIVE_INFINITY) <= request.sentAtMs),
    );
    const expectedModel = record.modelIds.get(id);
    if (!seenBefore && changes.length === 0) {
      if (item.model !== null) return fail(`${id} was never seen: model null`);
    } else if (item.model !== expectedModel && !(item.model === null && !surelySeen))
      return fail(`${id}: model ${JSON.stringify(expectedModel)}`);
    if (typeof item.online !== 'boolean') return fail(`${id}: online true or false`);
    if (presenceUncertain(changes, request.sentAtMs, response.frame.atMs, t.presenceMs, heard, late))
      continue;
    const online = onlineAt(changes, request.sentAtMs);
    if (item.online !== online) return fail(`${id}: online ${online}`);
  }
  return [];
}

/** Single faults of EDP-HUB-3 (notifications) and EDP-HUB-4 (presence) on their way to subscribers. */
import type { AppFrame, HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import type { HubMutator } from './mutation-helpers.js';
import {
  choose,
  copy,
  echoesInFlightPresence,
  isGranted,
  isNotification,
  isPresence,
  msg,
  owedFrames,
  paramsOf,
  replaceFrame,
  sentOnce,
  sortFrames,
  steadily,
} from './mutation-helpers.js';

export const DELIVERY_MUTATORS: readonly HubMutator[] = [
  // EDP-HUB-3: every notification to every subscribed connection, once, in order, within 1 s; no other.
  {
    name: 'drop a notification owed to a subscriber',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      // Not one with a twin soon after: see followedByTwin (seed 25: a notification from before the
      // subscribe, delivered late beside the same one owed after it).
      const f = choose(
        owedFrames(h.record, false).filter((x) => !followedByTwin(h.record, x, 1_100)),
        pick,
      );
      return f === undefined ? undefined : replaceFrame(h.record, f, undefined);
    },
  },
  {
    name: 'deliver a notification twice',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const f = choose(
        h.record.frames.filter((x) => isNotification(x) && sentOnce(h.record, x)),
        pick,
      );
      if (f === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push({ ...f, atMs: f.atMs + 0.5 });
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'deliver a notification after 1 s',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, false), pick);
      return f === undefined ? undefined : replaceFrame(h.record, f, { ...f, atMs: f.atMs + 1_100 });
    },
  },
  {
    name: 'reorder two notifications of one device',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const owed = owedFrames(h.record, false);
      const pairs = owed.flatMap((a, i) => {
        const b = owed
          .slice(i + 1)
          .find(
            (x) =>
              x.connection === a.connection &&
              isNotification(x) &&
              paramsOf(x).deviceId === paramsOf(a).deviceId,
          );
        return b !== undefined && JSON.stringify(msg(a)) !== JSON.stringify(msg(b)) ? [[a, b] as const] : [];
      });
      const pair = choose(pairs, pick);
      if (pair === undefined) return undefined;
      const [a, b] = pair;
      const out = copy(h.record);
      out.frames[out.frames.indexOf(a)] = { ...a, message: b.message };
      out.frames[out.frames.indexOf(b)] = { ...b, message: a.message };
      return out;
    },
  },
  {
    name: 'notify a connection not subscribed to the device',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const leaks = h.record.frames
        .filter((x) => isNotification(x) && sentOnce(h.record, x))
        .flatMap((f) => {
          const deviceId = paramsOf(f).deviceId as string;
          return h.record.connections
            .filter(
              (c) =>
                isGranted(h.record, c.app, deviceId) &&
                steadily(h.record, c.name, deviceId, f.atMs - 1_100, f.atMs + 1_100) === 'no' &&
                !h.record.frames.some(
                  (x) => x.connection === c.name && isNotification(x) && paramsOf(x).deviceId === deviceId,
                ),
            )
            .map((c) => ({ ...f, connection: c.name }));
        });
      const leak = choose(leaks, pick);
      if (leak === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push(leak);
      sortFrames(out.frames);
      return out;
    },
  },
  {
    // subscribe-appends: a replaced subscription still gets the device's presence.
    name: 'announce a presence change to a connection not subscribed to the device',
    rule: 'EDP-HUB-3',
    apply: (h, pick) => {
      const leaks = h.record.frames.filter(isPresence).flatMap((f) => {
        const deviceId = paramsOf(f).deviceId as string;
        // Never subscribed to the device during the run: no presence of it was ever owed there.
        return h.record.connections
          .filter(
            (c) =>
              isGranted(h.record, c.app, deviceId) &&
              steadily(h.record, c.name, deviceId, 0, h.record.endMs) === 'no',
          )
          .map((c) => ({ ...f, connection: c.name }));
      });
      const leak = choose(leaks, pick);
      if (leak === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push(leak);
      sortFrames(out.frames);
      return out;
    },
  },
  {
    // star-misses-later: a subscriber owed a device's presence and notifications gets nothing of it.
    name: "leave a device out of a subscriber's set",
    rule: 'EDP-HUB-3',
    // Few histories owe one connection both a device's presence and its notifications.
    runs: 2_000,
    apply: (h, pick) => {
      const key = (f: AppFrame) => `${f.connection} ${String(paramsOf(f).deviceId)}`;
      const owedNotifications = new Set(owedFrames(h.record, false).map(key));
      const both = [...new Set(owedFrames(h.record, true).map(key))].filter((k) => owedNotifications.has(k));
      const chosen = choose(both, pick);
      if (chosen === undefined) return undefined;
      const out = copy(h.record);
      out.frames = out.frames.filter((f) => !((isPresence(f) || isNotification(f)) && key(f) === chosen));
      return out;
    },
  },
  // EDP-HUB-4: presence changes reach subscribers within 2 s.
  {
    name: 'drop a presence change owed to a subscriber',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      // Not one with a twin soon after: see followedByTwin (seed 17: a flap before the subscribe
      // and a going away after it, delivered together by a slow hub).
      const f = choose(
        owedFrames(h.record, true).filter((x) => !followedByTwin(h.record, x, 2_100)),
        pick,
      );
      return f === undefined ? undefined : replaceFrame(h.record, f, undefined);
    },
  },
  {
    name: 'deliver a presence change twice',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(
        h.record.frames.filter((x) => isPresence(x) && !echoesInFlightPresence(h.record, x)),
        pick,
      );
      if (f === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push({ ...f, atMs: f.atMs + 0.5 });
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'deliver a presence change after 2 s',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, true), pick);
      return f === undefined ? undefined : replaceFrame(h.record, f, { ...f, atMs: f.atMs + 2_100 });
    },
  },
  {
    // Partner 4's presence-early (issue 18): a comeback announced while the device was still away.
    name: 'announce a comeback before the device made it',
    rule: 'EDP-HUB-4',
    // A comeback well after its going away and the last subscribe is rare: 8 or 9 of 500 histories
    // at seeds 8, 9 and 12 (FLEETCERT_JUDGE_SEED), under the ten mutants asked for.
    runs: 1_500,
    apply: (h, pick) => {
      const early = owedFrames(h.record, true).flatMap((f) => {
        // Not one the same presence follows soon (seed 22: an appearance and a comeback delivered
        // late; the first online is the appearance's, and moved earlier it is still in its time).
        if (paramsOf(f).online !== true || followedByTwin(h.record, f, 2_100)) return [];
        const sent = h.record.devices.get(paramsOf(f).deviceId as string)?.sent ?? [];
        // The device's comeback this frame announces, and its going away before it.
        const changes = sent.filter((m) => m.kind === 'presence' && m.atMs <= f.atMs);
        const [away, back] = changes.slice(-2);
        if (away?.kind !== 'presence' || back?.kind !== 'presence' || away.online || !back.online) return [];
        // 50 ms before the comeback, with the device well away and the connection's last subscribe
        // well before: the one fault is a presence no change caused, sent to a subscriber.
        const atMs = back.atMs - 50;
        const subscribedAt = Math.max(
          ...h.record.requests
            .filter(
              (r) =>
                r.connection === f.connection && r.intent.kind === 'subscribe' && r.sentAtMs <= back.atMs,
            )
            .map((r) => r.sentAtMs),
        );
        if (away.atMs >= atMs - 50 || subscribedAt >= atMs - 50) return [];
        return [{ f, atMs }];
      });
      const chosen = choose(early, pick);
      return chosen === undefined
        ? undefined
        : replaceFrame(h.record, chosen.f, { ...chosen.f, atMs: chosen.atMs });
    },
  },
  {
    name: 'announce the wrong presence',
    rule: 'EDP-HUB-4',
    apply: (h, pick) => {
      const f = choose(owedFrames(h.record, true), pick);
      if (f === undefined) return undefined;
      const p = paramsOf(f);
      return replaceFrame(h.record, f, { ...f, message: { ...msg(f), params: { ...p, online: !p.online } } });
    },
  },
];

/**
 * Whether the same message (method and params) reaches the same connection within `windowMs`
 * after `f`: that one then reads as the owed delivery and `f` as a stale change's, not owed (the
 * hub may deliver what happened before a subscribe), so dropping `f` leaves nothing owed missing.
 */
function followedByTwin(record: HubRunRecord, f: AppFrame, windowMs: number): boolean {
  const same = JSON.stringify([msg(f).method, paramsOf(f)]);
  return record.frames.some(
    (o) =>
      o !== f &&
      o.connection === f.connection &&
      o.atMs >= f.atMs &&
      o.atMs <= f.atMs + windowMs &&
      JSON.stringify([msg(o).method, paramsOf(o)]) === same,
  );
}

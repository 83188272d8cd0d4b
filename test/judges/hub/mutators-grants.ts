/** Single faults of EDP-HUB-5: a token sees only the devices it is granted. */
import type { AppRequest, HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import type { HubMutator, Message } from './mutation-helpers.js';
import {
  choose,
  commandsAnswered,
  copy,
  errorCode,
  isGhostForStar,
  isGranted,
  isNotification,
  isPresence,
  msg,
  paramsOf,
  record_grant,
  replaceFrame,
  sortFrames,
} from './mutation-helpers.js';

export const GRANT_MUTATORS: readonly HubMutator[] = [
  // EDP-HUB-5: a token sees only its devices.
  {
    name: 'list a device not granted',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) =>
            r.intent.kind === 'list' &&
            record_grant(h.record, r.app) !== '*' &&
            h.fleetIds.some((id) => !isGranted(h.record, r.app, id)) &&
            Array.isArray(msg(f).result),
        ),
        pick,
      );
      if (target === undefined) return undefined;
      const extra = h.fleetIds.find((id) => !isGranted(h.record, target.request.app, id)) as string;
      const items = [
        ...(msg(target.frame).result as Message[]),
        { deviceId: extra, model: null, online: false },
      ];
      items.sort((a, b) => String(a.deviceId).localeCompare(String(b.deviceId)));
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: items },
      });
    },
  },
  {
    name: 'leave a granted device out of the list',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) =>
            r.intent.kind === 'list' &&
            record_grant(h.record, r.app) !== '*' &&
            (msg(f).result as unknown[]).length > 0,
        ),
        pick,
      );
      if (target === undefined) return undefined;
      const items = (msg(target.frame).result as Message[]).slice(1);
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: items },
      });
    },
  },
  {
    name: 'notify a token of a device not granted',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const leaks = h.record.frames
        .filter((f) => isNotification(f) || isPresence(f))
        .flatMap((f) =>
          h.record.connections
            .filter((c) => !isGranted(h.record, c.app, paramsOf(f).deviceId as string))
            .map((c) => ({ ...f, connection: c.name })),
        );
      const leak = choose(leaks, pick);
      if (leak === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push(leak);
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'forward a refused command',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) =>
            errorCode(f) === -4012 &&
            r.intent.kind === 'device-command' &&
            h.fleetIds.includes(r.intent.deviceId) &&
            !sameCommandGranted(h.record, r, f.atMs),
        ),
        pick,
      );
      if (target === undefined || target.request.intent.kind !== 'device-command') return undefined;
      const out = copy(h.record);
      const intent = target.request.intent;
      const d = out.devices.get(intent.deviceId);
      if (d === undefined) return undefined;
      d.received.push({
        // Just before the -4012, never before the command was sent (a leak follows its command).
        atMs: Math.max(target.request.sentAtMs, target.frame.atMs - 0.05),
        id: 5_555_555,
        method: intent.method,
        params: intent.deviceParams,
      });
      d.received.sort((a, b) => a.atMs - b.atMs);
      return out;
    },
  },
  {
    name: 'answer a refused command -4010',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) => errorCode(f) === -4012 && r.intent.kind === 'device-command' && !isGhostForStar(h, r),
        ),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, error: { code: -4010, message: 'device offline' } },
      });
    },
  },
  {
    name: 'accept a subscription to a device not granted',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(
          h.record,
          (f, r) => errorCode(f) === -4012 && r.intent.kind === 'subscribe' && !isGhostForStar(h, r),
        ),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: {} },
      });
    },
  },
  {
    name: 'refuse with another message',
    rule: 'EDP-HUB-5',
    apply: (h, pick) => {
      const refusals = commandsAnswered(h.record, (f) => errorCode(f) === -4012);
      if (refusals.length < 2) return undefined;
      const target = choose(refusals.slice(1), pick) as (typeof refusals)[number];
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, error: { code: -4012, message: 'not granted' } },
      });
    },
  },
  {
    name: 'upgrade an unknown token',
    rule: 'EDP-HUB-5',
    apply: (h) => ({
      ...h.record,
      upgrades: [{ ...(h.record.upgrades[0] as HubRunRecord['upgrades'][number]), outcome: 'upgraded' }],
    }),
  },
];

/**
 * Whether an app granted the device sent the same command (method and params) before `atMs`, or
 * so soon after that the judge's clock tolerance (2 ms, judge/forwarding.ts) admits it: the
 * forwarded frame then reads as that app's command, forwarded rightly (seeds 3 and 21: another
 * app's get_model, answered -4010 as the device went offline), and nothing is wrong.
 */
const SAME_COMMAND_MARGIN_MS = 5;

function sameCommandGranted(record: HubRunRecord, refused: AppRequest, atMs: number): boolean {
  const intent = refused.intent;
  if (intent.kind !== 'device-command') return false;
  return record.requests.some(
    (o) =>
      o !== refused &&
      o.intent.kind === 'device-command' &&
      o.intent.deviceId === intent.deviceId &&
      o.intent.method === intent.method &&
      JSON.stringify(o.intent.deviceParams) === JSON.stringify(intent.deviceParams) &&
      isGranted(record, o.app, intent.deviceId) &&
      o.sentAtMs <= atMs + SAME_COMMAND_MARGIN_MS,
  );
}

/** Single faults of EDP-HUB-2: offline -4010 within 2 s, no answer -4011 in [D, D + 1 s], one response each. */
import type { HubMutator } from './mutation-helpers.js';
import {
  choose,
  commandsAnswered,
  copy,
  deviceAnswered,
  errorCode,
  replaceFrame,
  sortFrames,
} from './mutation-helpers.js';

export const RESPONSE_MUTATORS: readonly HubMutator[] = [
  // EDP-HUB-2: offline -4010 within 2 s, no answer -4011 in [D, D + 1 s], one response each.
  {
    name: 'answer a request twice',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, () => true),
        pick,
      );
      if (target === undefined) return undefined;
      const out = copy(h.record);
      out.frames.push({ ...target.frame, atMs: target.frame.atMs + 1 });
      sortFrames(out.frames);
      return out;
    },
  },
  {
    name: 'drop an error response',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        // One whose device answered is the judge's EDP-HUB-1 (the device's answer not passed on).
        commandsAnswered(
          h.record,
          (f, r) =>
            [-4010, -4011, -32602].includes(errorCode(f) as number) && !deviceAnswered(h.record, r, f),
        ),
        pick,
      );
      return target === undefined ? undefined : replaceFrame(h.record, target.frame, undefined);
    },
  },
  {
    name: 'answer -4011 after D + 1 s',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => errorCode(f) === -4011),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        atMs: target.request.sentAtMs + h.record.deadlineMs + 1_200,
      });
    },
  },
  {
    name: 'answer -4011 before D',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => errorCode(f) === -4011),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        atMs: target.request.sentAtMs + h.record.deadlineMs / 2,
      });
    },
  },
  {
    name: 'answer -4011 instead of -4010 for a device long offline',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f, r) => {
          if (errorCode(f) !== -4010 || r.intent.kind !== 'device-command') return false;
          const id = r.intent.deviceId;
          // Offline, and no presence change within 3 s before the request or until its answer.
          const sent = h.record.devices.get(id)?.sent ?? [];
          const presence = sent.filter((m) => m.kind === 'presence');
          const last = presence.filter((m) => m.atMs <= r.sentAtMs).at(-1);
          return (
            (last === undefined ||
              (!(last as { online: boolean }).online && last.atMs < r.sentAtMs - 3_000)) &&
            !presence.some((m) => m.atMs > r.sentAtMs && m.atMs <= r.sentAtMs + h.record.deadlineMs + 1_500)
          );
        }),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        atMs: target.request.sentAtMs + h.record.deadlineMs + 200,
        message: { id: target.request.id, error: { code: -4011, message: 'device did not answer' } },
      });
    },
  },
  {
    name: 'answer bad params with another code',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const target = choose(
        commandsAnswered(h.record, (f) => errorCode(f) === -32602),
        pick,
      );
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, error: { code: -32600, message: 'invalid request' } },
      });
    },
  },
  {
    name: 'send an app a frame that is not JSON',
    rule: 'EDP-HUB-2',
    apply: (h, pick) => {
      const out = copy(h.record);
      const c = choose(out.connections, pick);
      if (c === undefined) return undefined;
      out.frames.push({ connection: c.name, atMs: 50 + pick * 1_000, raw: '{"id": 1,' });
      sortFrames(out.frames);
      return out;
    },
  },
];

/** Single faults of EDP-HUB-1: a command reaches exactly its device, once, params verbatim; the app gets its answer. */
import type { ReceivedRequest } from '../../../conformance/suites/hub/fleet-port.js';
import type { HubMutator } from './mutation-helpers.js';
import { choose, copy, forwardedWithResult, gaveUpThoughAnswered, replaceFrame } from './mutation-helpers.js';

export const FORWARDING_MUTATORS: readonly HubMutator[] = [
  // EDP-HUB-1: a command reaches exactly its device, once, params verbatim; the app gets its answer.
  {
    name: 'forward the command twice',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(forwardedWithResult(h.record), pick);
      if (target === undefined) return undefined;
      const out = copy(h.record);
      const d = out.devices.get(target.deviceId);
      d?.received.push({ ...target.received, id: 7_777_777, atMs: target.received.atMs + 1 });
      d?.received.sort((a, b) => a.atMs - b.atMs);
      return out;
    },
  },
  {
    name: 'change the forwarded params',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(
        forwardedWithResult(h.record).filter((t) => t.received.method !== 'get_model'),
        pick,
      );
      if (target === undefined) return undefined;
      const out = copy(h.record);
      const d = out.devices.get(target.deviceId);
      if (d === undefined) return undefined;
      d.received[d.received.indexOf(target.received)] = {
        ...target.received,
        params: [{ siid: 9, piid: 9 }],
      };
      return out;
    },
  },
  {
    name: 'send the app another answer than the device gave',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(forwardedWithResult(h.record), pick);
      if (target === undefined) return undefined;
      return replaceFrame(h.record, target.frame, {
        ...target.frame,
        message: { id: target.request.id, result: { altered: true } },
      });
    },
  },
  {
    name: 'reuse a device request id within 60 s',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const devices = [...h.record.devices].filter(([, d]) => d.received.length >= 2);
      const chosen = choose(devices, pick);
      if (chosen === undefined) return undefined;
      const out = copy(h.record);
      const d = out.devices.get(chosen[0]);
      if (d === undefined) return undefined;
      const [first, second] = d.received as [ReceivedRequest, ReceivedRequest];
      d.received[1] = { ...second, id: first.id };
      d.sent = d.sent.map((m) =>
        m.kind === 'response' && m.requestId === second.id
          ? { ...m, requestId: first.id, message: { ...(m.message as object), id: first.id } }
          : m,
      );
      return out;
    },
  },
  {
    name: 'misroute the answer to another connection',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => {
      const target = choose(forwardedWithResult(h.record), pick);
      if (target === undefined) return undefined;
      // To a connection that sent no request with that id: the answer is surely no answer of its own.
      const other = h.record.connections.find(
        (c) =>
          c.name !== target.request.connection &&
          !h.record.requests.some((r) => r.connection === c.name && r.id === target.request.id),
      )?.name;
      if (other === undefined) return undefined;
      return replaceFrame(h.record, target.frame, { ...target.frame, connection: other });
    },
  },
  {
    name: 'answer -4010 though the device answered, no presence change near',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => gaveUpThoughAnswered(h, pick, -4010),
  },
  {
    name: 'answer -4011 at D though the device answered at once',
    rule: 'EDP-HUB-1',
    apply: (h, pick) => gaveUpThoughAnswered(h, pick, -4011),
  },
];

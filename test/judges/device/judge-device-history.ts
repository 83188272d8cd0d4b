/**
 * Judges a whole device history with fleetcert's judge, the way the harness does on a live link
 * (conformance/harness/run-session.ts, conformance/commands/perform-request.ts and
 * perform-repeat.ts): predict each request before it is sent, judge its response on arrival
 * (EDP-RPC-1 within the deadline, EDP-RPC-5 for repeats, the judge for the rest), feed
 * notifications to the ledger with their arrival time, expire it before each request, and
 * finally let every deadline pass. Volatile readings go to the volatile-change watch, as the
 * harness gives them (conformance/harness/volatile-reads.ts): every read with when it was sent
 * and answered, every item. Pure: a history in, violations out.
 */
import { judgeResponse, type ObservedResponse } from '../../../conformance/judge/judge-response.js';
import { emptyState, type JudgeState, known, withValue } from '../../../conformance/judge/knowledge.js';
import { learnFromRead } from '../../../conformance/judge/learn-read.js';
import type { ModelIndex } from '../../../conformance/judge/model-index.js';
import { NotificationLedger } from '../../../conformance/judge/notification-ledger.js';
import { predictRequest, type RequestBody } from '../../../conformance/judge/predict-request.js';
import { envelopeErrorPrediction, type QuietWrite } from '../../../conformance/judge/prediction.js';
import { jsonEqual } from '../../../conformance/judge/value-equality.js';
import { type Violation, violation } from '../../../conformance/judge/violation.js';
import { VolatileChangeWatch } from '../../../conformance/judge/volatile-change-watch.js';
import type { PropertyValue } from '../../../src/model/types.js';
import { decodeDeviceMessage } from '../../../src/protocol/decode-device-message.js';
import {
  type DeviceHistory,
  NOTIFICATION_DEADLINE_MS,
  RESPONSE_DEADLINE_MS,
  type SentRequest,
} from './device-history.js';

interface InFlight {
  readonly sent: SentRequest;
  readonly key: number;
  readonly body: RequestBody | undefined;
  readonly prediction: ReturnType<typeof predictRequest> | undefined;
  readonly stored: unknown;
}

export function judgeDeviceHistory(index: ModelIndex, history: DeviceHistory): Violation[] {
  let state: JudgeState = emptyState();
  for (const [key, value] of Object.entries(history.initial)) {
    const [siid, piid] = key.split('.').map(Number);
    const property = index.property(siid, piid);
    if (property !== undefined) state = withValue(state, property, known(value as PropertyValue, 'read'));
  }
  const ledger = new NotificationLedger(index, { notificationDeadlineMs: NOTIFICATION_DEADLINE_MS }, state);
  const watch = new VolatileChangeWatch(index, NOTIFICATION_DEADLINE_MS);
  const out: Violation[] = [];
  const misses = (nowMs: number) => watch.expire(nowMs).map((m) => m.violation);
  const stored = new Map<number, unknown>();
  let inFlight: InFlight | undefined;
  let key = 0;
  let lastMs = 0;
  const missing = (f: InFlight) =>
    violation(
      'EDP-RPC-1',
      `a response with id ${f.sent.id} within ${RESPONSE_DEADLINE_MS} ms`,
      'no response',
    );
  for (const entry of history.entries) {
    lastMs = Math.max(lastMs, entry.atMs);
    if (entry.kind === 'sent') {
      if (inFlight !== undefined) out.push(missing(inFlight));
      out.push(...ledger.expire(entry.atMs));
      out.push(...misses(entry.atMs));
      key++;
      const cause = { requestKey: key, description: `request #${entry.id}` };
      const body = isRequestBody(entry.body) ? entry.body : undefined;
      if (entry.repeats !== undefined) {
        // EDP-RPC-5: the stored response again, no effects: what executing it would change must stay quiet.
        const executed = body === undefined ? undefined : predictRequest(index, state, body);
        const forbidden: QuietWrite[] = (executed?.changes ?? []).map((c) => ({
          kind: 'forbidden',
          property: c.property,
          value: c.value,
        }));
        ledger.expect([], [], cause, forbidden);
        inFlight = { sent: entry, key, body: undefined, prediction: undefined, stored: stored.get(entry.id) };
      } else if (body === undefined) {
        // Not a method of section 3: -32601 with the request's id (EDP-RPC-4).
        const prediction = envelopeErrorPrediction(state, -32601, entry.id, 'unknown method');
        inFlight = { sent: entry, key, body: undefined, prediction, stored: undefined };
      } else {
        const prediction = predictRequest(index, state, body);
        state = prediction.next;
        ledger.setState(state);
        ledger.expect(prediction.changes, prediction.events, cause, prediction.quiet ?? []);
        inFlight = { sent: entry, key, body, prediction, stored: undefined };
      }
      continue;
    }
    const message = decodeDeviceMessage(entry.frame);
    switch (message.kind) {
      case 'invalid':
        out.push(
          violation(
            hasBoth(message.parsed) ? 'EDP-RPC-2' : 'EDP-RPC-6',
            'a message of section 3',
            message.reason,
          ),
        );
        break;
      case 'notification': {
        const n = message.notification;
        if (n.method === 'properties_changed') {
          for (const item of n.params) watch.item(item.siid, item.piid, entry.atMs);
          out.push(...ledger.observeProperties(n.params, undefined, entry.atMs));
        } else if (n.method === 'event_occurred')
          out.push(...ledger.observeEvent(n.params, undefined, entry.atMs));
        break;
      }
      default: {
        const f = inFlight;
        if (f === undefined || message.id !== f.sent.id) {
          out.push(
            violation(
              'EDP-RPC-1',
              'one response per request',
              `a response with id ${message.id} nobody waits for`,
            ),
          );
          break;
        }
        inFlight = undefined;
        if (entry.atMs > f.sent.atMs + RESPONSE_DEADLINE_MS) {
          out.push(missing(f));
          break;
        }
        ledger.responded(f.key, entry.atMs);
        const raw =
          'error' in message
            ? { id: message.id, error: message.error }
            : { id: message.id, result: message.result };
        if (f.sent.repeats !== undefined) {
          if (!jsonEqual(raw, f.stored))
            out.push(
              violation('EDP-RPC-5', `the stored response ${JSON.stringify(f.stored)}`, JSON.stringify(raw)),
            );
          break;
        }
        stored.set(f.sent.id, raw);
        if (f.body?.method === 'get_properties' && 'result' in message && Array.isArray(message.result))
          for (const r of message.result as Array<Record<string, unknown>>)
            if (
              r.code === 0 &&
              r.value !== undefined &&
              typeof r.siid === 'number' &&
              typeof r.piid === 'number'
            )
              watch.read(r.siid, r.piid, {
                value: r.value,
                sentAtMs: f.sent.atMs,
                respondedAtMs: entry.atMs,
              });
        if (f.prediction === undefined) break;
        const found = judgeResponse(f.prediction.response, message as ObservedResponse);
        out.push(...found);
        if (found.length === 0 && 'result' in message && f.body !== undefined) {
          state = learnFromRead(index, state, f.body, message.result);
          ledger.setState(state);
        }
      }
    }
  }
  if (inFlight !== undefined) out.push(missing(inFlight));
  const endMs = lastMs + RESPONSE_DEADLINE_MS + NOTIFICATION_DEADLINE_MS + 1;
  out.push(...ledger.expire(endMs));
  out.push(...misses(endMs));
  return out;
}

function isRequestBody(body: { method: string; params: unknown }): body is RequestBody {
  return (
    ((body.method === 'get_properties' || body.method === 'set_properties') && Array.isArray(body.params)) ||
    (body.method === 'action' && typeof body.params === 'object' && body.params !== null)
  );
}

function hasBoth(parsed: unknown): boolean {
  return typeof parsed === 'object' && parsed !== null && 'result' in parsed && 'error' in parsed;
}

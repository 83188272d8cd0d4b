/**
 * Test helper: drives an in-process device (any `handle(frame) → frames`) through requests the
 * way the harness would, but synchronously and without a network: read everything, then for
 * each request predict, answer, judge the response and its notifications. Returns every
 * violation the judge finds. Used to check the judge against an independently written device
 * and against mutated answers.
 */

import { judgeResponse, type ObservedResponse } from '../../../conformance/judge/judge-response.js';
import { emptyState, type JudgeState, known, withValue } from '../../../conformance/judge/knowledge.js';
import { learnFromRead } from '../../../conformance/judge/learn-read.js';
import type { ModelIndex } from '../../../conformance/judge/model-index.js';
import { NotificationLedger } from '../../../conformance/judge/notification-ledger.js';
import { predictRequest, type RequestBody } from '../../../conformance/judge/predict-request.js';
import type { Violation } from '../../../conformance/judge/violation.js';
import type { PropertyValue } from '../../../src/model/types.js';
import { decodeDeviceMessage } from '../../../src/protocol/decode-device-message.js';

export interface InProcessDevice {
  handle(frame: string | Uint8Array, binary?: boolean): string[];
}

export type Tamper = (frames: string[], body: RequestBody) => string[];

export class DeviceDriver {
  state: JudgeState = emptyState();
  readonly violations: Violation[] = [];
  private readonly ledger: NotificationLedger;
  /** Ids are unique across drivers: a device keeps a 60 s duplicate window (EDP-RPC-5). */
  private static nextId = 1;
  private now = 0;

  constructor(
    readonly index: ModelIndex,
    readonly device: InProcessDevice,
    readonly tamper: Tamper = (frames) => frames,
  ) {
    this.ledger = new NotificationLedger(index, { notificationDeadlineMs: 1000 }, this.state);
  }

  /** Reads every readable property and learns the values, as a run's setup does. */
  readAll(): void {
    const readable = this.index.properties.filter((p) => p.readable);
    for (let i = 0; i < readable.length; i += 16) {
      const batch = readable.slice(i, i + 16);
      const response = this.send({
        method: 'get_properties',
        params: batch.map((p) => ({ siid: p.siid, piid: p.piid })),
      });
      if (response === undefined || !('result' in response) || !Array.isArray(response.result)) continue;
      const result = response.result as Array<{ value?: unknown }>;
      batch.forEach((p, k) => {
        const value = result[k]?.value;
        if (value !== undefined && !p.volatile)
          this.state = withValue(this.state, p, known(value as PropertyValue, 'read'));
      });
      this.ledger.setState(this.state);
    }
  }

  /** Sends one request, judges its response and notifications; returns the decoded response. */
  send(body: RequestBody): ObservedResponse | undefined {
    const prediction = predictRequest(this.index, this.state, body);
    const key = DeviceDriver.nextId++;
    this.state = prediction.next;
    this.ledger.setState(this.state);
    this.ledger.expect(prediction.changes, prediction.events, {
      requestKey: key,
      description: `request ${key}`,
    });
    const frames = this.tamper(this.device.handle(JSON.stringify({ id: key, ...body })), body);
    let response: ObservedResponse | undefined;
    for (const frame of frames) {
      const message = decodeDeviceMessage(frame);
      if (message.kind === 'response' || message.kind === 'error-response') {
        response = message;
        const found = judgeResponse(prediction.response, message);
        this.violations.push(...found);
        if (found.length === 0 && message.kind === 'response') {
          this.state = learnFromRead(this.index, this.state, body, message.result);
          this.ledger.setState(this.state);
        }
      } else if (message.kind === 'notification') {
        const n = message.notification;
        if (n.method === 'properties_changed')
          this.violations.push(...this.ledger.observeProperties(n.params));
        if (n.method === 'event_occurred') this.violations.push(...this.ledger.observeEvent(n.params));
      }
    }
    this.now += 10;
    this.ledger.responded(key, this.now);
    return response;
  }

  /** Lets every notification deadline pass and returns all violations. */
  finish(): Violation[] {
    this.now += 10_000;
    this.violations.push(...this.ledger.expire(this.now));
    return this.violations;
  }
}

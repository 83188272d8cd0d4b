/**
 * Section 7 deadlines judge the device, never the judge's own machine, and only runs judged to
 * the end pass a rule.
 *
 * 1. A busy judge blames no device: the device answers at once over a real socket, then the whole
 *    process stalls past the response deadline (as a starved judge does). The answer is in the
 *    socket when the deadline timer fires; before the harness measured its own lateness
 *    (conformance/harness/judge-lateness.ts) that run blamed EDP-RPC-1, "no response".
 * 2. A device that stops answering after some requests is not certified: nothing passes, and a
 *    run cut at the suite's time limit neither counts nor keeps talking to the device afterwards.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceLink } from '../../conformance/harness/device-link.js';
import { createHarnessContext } from '../../conformance/harness/harness-context.js';
import { indexModel } from '../../conformance/judge/model-index.js';
import { runModelSuite } from '../../conformance/suites/model-based/run-model-suite.js';
import { createDeviceEngine, encodeReply } from '../../simulators/engine/index.js';
import type { DeviceModel } from '../../src/model/types.js';
import { encodeNotification } from '../../src/protocol/encode.js';
import { createRequestIdSource } from '../../src/protocol/request-ids.js';
import { type FrameHandler, memoryLink } from '../support/memory-link.js';
import { referenceModel } from '../support/reference-simulator.js';
import { socketLink, stallProcess } from '../support/socket-link.js';

const TIMING = { responseDeadlineMs: 2000, notificationDeadlineMs: 1000, quietMs: 5 };

function engineHandler(model: DeviceModel): FrameHandler {
  const engine = createDeviceEngine({
    deviceId: 'bulb-0001',
    model,
    clock: { now: () => performance.now() },
  });
  return {
    handle(frame, binary) {
      const out = engine.handleFrame(frame, 'mqtt', binary === true ? { binary: true } : {});
      return [...(out.reply ? [encodeReply(out.reply)] : []), ...out.notifications.map(encodeNotification)];
    },
  };
}

function suite(link: DeviceLink, model: DeviceModel, over: { runs: number; timeLimitMs: number }) {
  const ctx = createHarnessContext(link, indexModel(model), createRequestIdSource(Date.now()), TIMING);
  return runModelSuite(ctx, {
    rules: ['EDP-RPC-1', 'EDP-RPC-3', 'EDP-PROP-1', 'EDP-NOTIFY-1'],
    seed: 7,
    runs: over.runs,
    maxCommands: 6,
    binding: 'mqtt',
    shrinkTimeLimitMs: 0,
    silenceLimit: 4,
    timeLimitMs: over.timeLimitMs,
  });
}

const failures = (outcomes: Awaited<ReturnType<typeof suite>>) =>
  outcomes.flatMap((o) =>
    o.verdict === 'failed' ? [`${o.rule}: ${o.record.violations.map((v) => v.observed).join('; ')}`] : [],
  );

describe('the judge’s own lateness is not the device’s', () => {
  it('a correct device answered at once; the judge stalled past the deadline before reading it: no rule fails', async () => {
    const model = referenceModel('bulb');
    // Stall after the 3rd and the 12th answer: a request of the first run's setup, one of a command.
    const link = await socketLink(engineHandler(model), {
      afterAnswer: (n) => (n === 3 || n === 12 ? stallProcess(2300) : undefined),
    });
    try {
      const outcomes = await suite(link, model, { runs: 3, timeLimitMs: 60_000 });
      expect(link.received()).toBeGreaterThan(12);
      expect(failures(outcomes)).toEqual([]);
      expect(outcomes.every((o) => o.verdict === 'passed')).toBe(true);
    } finally {
      await link.close();
    }
  }, 30_000);
});

describe('only runs judged to the end pass a rule', () => {
  it('a device that stops answering after 10 requests is not certified: EDP-RPC-1 fails, nothing passes', async () => {
    const model = referenceModel('bulb');
    const device = engineHandler(model);
    let requests = 0;
    const mute: FrameHandler = {
      handle: (frame, binary) => (++requests > 10 ? [] : device.handle(frame, binary)),
    };
    const outcomes = await suite(memoryLink(mute), model, { runs: 20, timeLimitMs: 60_000 });
    const rpc1 = outcomes.find((o) => o.rule === 'EDP-RPC-1');
    expect(rpc1?.verdict).toBe('failed');
    expect(failures(outcomes).join('\n')).toContain('no response');
    expect(outcomes.filter((o) => o.verdict === 'passed').map((o) => o.rule)).toEqual([]);
    for (const o of outcomes.filter((x) => x.verdict === 'not-run'))
      expect(o.verdict === 'not-run' && o.reason).toContain('stopped answering');
  }, 40_000);

  it('a run cut at the time limit does not pass and sends nothing more once the suite is over', async () => {
    const model = referenceModel('bulb');
    const device = engineHandler(model);
    let requests = 0;
    const counted: FrameHandler = {
      handle(frame, binary) {
        requests++;
        return device.handle(frame, binary);
      },
    };
    // 1.8 s per answer (slow, within the deadline): the suite's 1.5 s are up before any run's first answer.
    const outcomes = await suite(memoryLink(counted, { latencyMs: 1800 }), model, {
      runs: 5,
      timeLimitMs: 1500,
    });
    expect(outcomes.filter((o) => o.verdict === 'passed').map((o) => o.rule)).toEqual([]);
    expect(outcomes.every((o) => o.verdict === 'not-run' && o.runs === 0)).toBe(true);
    const atEnd = requests;
    // The cut run's answer comes meanwhile: a run left going would send its next request.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    // The abandoned run was stopped, not left sending requests to the device in the background.
    expect(requests).toBe(atEnd);
  }, 20_000);
});

/**
 * A trace replays to the same verdict: planted wrong answers on top of a correct in-process
 * device give traces that fail their rule again on replay, and pass once the wrong answer is
 * switched off. The trace is read back from JSON first, as a committed file would be.
 */
import { describe, expect, it } from 'vitest';
import { sealTrace } from '../../reports/trace/seal-trace.js';
import { type FixtureName, fixtureModel } from '../../test/support/conformance/fixture-models.js';
import { inProcessContext } from '../../test/support/conformance/in-process-suite.js';
import { independentDevice, recordTraceInProcess } from '../../test/support/conformance/in-process-trace.js';
import type { FrameHandler } from '../../test/support/memory-link.js';
import { schemaValidator } from '../../test/support/src/schemas/schema-validator.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { parseTrace } from './parse-trace.js';
import { replayTrace } from './replay-trace.js';

const mapReplies = (f: (m: Record<string, unknown>) => Record<string, unknown>) => (frames: string[]) =>
  frames.map((frame) => {
    const m = JSON.parse(frame) as Record<string, unknown>;
    return 'id' in m ? JSON.stringify(f(m)) : frame;
  });

/** Repeated ids executed again (EDP-RPC-5): the device sees every request under a fresh id. */
function forgetful(inner: FrameHandler): FrameHandler {
  let fresh = 2_000_000_000;
  return {
    handle(frame, binary) {
      if (typeof frame !== 'string') return inner.handle(frame, binary);
      try {
        const body = JSON.parse(frame) as Record<string, unknown>;
        if (typeof body.id !== 'number' || body.method === undefined) return inner.handle(frame, binary);
        const id = body.id;
        return inner
          .handle(JSON.stringify({ ...body, id: fresh++ }), binary)
          .map((r) => r.replace(/^\{"id":\d+/, `{"id":${id}`));
      } catch {
        return inner.handle(frame, binary);
      }
    },
  };
}

interface Planted {
  readonly name: string;
  readonly rule: RuleId;
  readonly type: FixtureName;
  readonly tamper?: (frames: string[]) => string[];
  readonly wrap?: (device: FrameHandler) => FrameHandler;
}

const PLANTED: readonly Planted[] = [
  {
    name: 'reversed batch results',
    rule: 'EDP-RPC-3',
    type: 'bulb',
    tamper: mapReplies((m) =>
      Array.isArray(m.result) && m.result.length > 1 ? { ...m, result: [...m.result].reverse() } : m,
    ),
  },
  {
    name: 'no notifications',
    rule: 'EDP-NOTIFY-1',
    type: 'bulb',
    tamper: (f) => f.filter((x) => !x.includes('properties_changed')),
  },
  {
    name: '-32601 answered as -32602',
    rule: 'EDP-RPC-4',
    type: 'bulb',
    tamper: (f) => f.map((x) => x.replace('-32601', '-32602')),
  },
  { name: 'repeated ids executed again', rule: 'EDP-RPC-5', type: 'bulb', wrap: forgetful },
  {
    name: 'no events',
    rule: 'EDP-ACT-1',
    type: 'tv',
    tamper: (f) => f.filter((x) => !x.includes('event_occurred')),
  },
  {
    name: 'out-of-range write accepted',
    rule: 'EDP-PROP-4',
    type: 'bulb',
    tamper: mapReplies((m) =>
      Array.isArray(m.result)
        ? { ...m, result: m.result.map((i: { code: number }) => (i.code === -4005 ? { ...i, code: 0 } : i)) }
        : m,
    ),
  },
];

const traceSchema = schemaValidator('trace');

describe('trace replay, in process', { timeout: 60_000 }, () => {
  for (const planted of PLANTED) {
    it.each([3, 11, 29])(
      `${planted.rule} (${planted.name}), seed %i: fails again while planted, passes once fixed`,
      async (seed) => {
        const model = fixtureModel(planted.type);
        const faulty = () => (planted.wrap ?? ((d) => d))(independentDevice(planted.type));
        const tamper = planted.tamper ? { tamper: planted.tamper } : {};
        const trace = parseTrace(
          await recordTraceInProcess(model, faulty(), planted.rule, { ...tamper, seed }),
          'trace',
        );
        expect(trace.setup.initialState.length).toBeGreaterThan(0);
        // The published trace schema (docs/schemas/trace.schema.json) describes what certify writes.
        expect(traceSchema(JSON.parse(JSON.stringify(sealTrace(trace)))).errors).toEqual([]);
        expect(trace.steps.length).toBeLessThanOrEqual(6);

        const again = await replayTrace(inProcessContext(model, faulty(), tamper), trace);
        expect(again.verdict).toBe('failed');
        if (again.verdict === 'failed') {
          expect(again.sameRule).toBe(true);
          expect(again.broken).toContain(planted.rule);
        }

        const fixed = await replayTrace(inProcessContext(model, independentDevice(planted.type)), trace);
        expect(fixed.verdict, JSON.stringify(fixed.record.violations)).toBe('passed');
      },
    );
  }
});
